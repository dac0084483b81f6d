package com.authledger.api.rest;

import com.authledger.infra.RequestMetadata;
import com.authledger.security.AccessKeys;
import com.authledger.security.Role;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.InvalidInput;
import com.authledger.web.RequestMetadataResolver;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The access keys that sign Cognito protocol calls (ADR 13): create (admins; the secret is in this one answer and
 * nowhere else), list (admins and auditors; never a secret) and delete (admins; the key stops signing and its secret
 * is shredded). Changes are logged with the actor, never with a secret.
 */
@RestController
@RequestMapping(path = "/api/v1/access-keys", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Access keys")
class AccessKeyController {

    private static final Logger log = LoggerFactory.getLogger(AccessKeyController.class);
    private static final int MAX_DESCRIPTION_LENGTH = 256;

    record CreateAccessKeyBody(String role, String description) {
    }

    record CreatedAccessKeyResponse(String accessKeyId, String secretAccessKey, String role, String description,
                                    Instant createdAt) {
        @Override
        public String toString() {
            return "CreatedAccessKeyResponse[" + accessKeyId + ", " + role + "]";
        }
    }

    record AccessKeyResponse(String accessKeyId, String role, String description, Instant createdAt,
                             String createdBy) {
    }

    record AccessKeysResponse(List<AccessKeyResponse> accessKeys) {
    }

    private final AccessKeys keys;
    private final RequestMetadataResolver metadata;

    AccessKeyController(AccessKeys keys, RequestMetadataResolver metadata) {
        this.keys = keys;
        this.metadata = metadata;
    }

    @Operation(summary = "Create an access key for the Cognito protocol; its secret is shown in this answer only",
            description = "role: admin (every operation) or auditor (reading operations only). Sign calls to POST / "
                    + "with AWS Signature Version 4 (service cognito-idp, the service's region).")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CreatedAccessKeyResponse> create(@RequestBody CreateAccessKeyBody body,
                                                    HttpServletRequest request) {
        RequestMetadata origin = metadata.resolve(request);
        Role role = AccessKeys.role(body.role())
                .orElseThrow(() -> new InvalidInput("role", "must be admin or auditor"));
        String description = body.description();
        if (description != null) {
            InvalidInput.requireLength("description", description, 0, MAX_DESCRIPTION_LENGTH);
            if (description.chars().anyMatch(Character::isISOControl)) {
                throw new InvalidInput("description", "must not hold control characters");
            }
        }
        AccessKeys.CreatedKey created = keys.create(role, description, origin.actor());
        log.info("{} created access key {} with role {} (request {}, from {}, reason: {})", origin.actor(),
                created.accessKeyId(), roleName(role), origin.requestId(), origin.sourceIp(), origin.reason());
        // the one answer that holds the secret: no cache may keep it
        return ResponseEntity.created(URI.create("/api/v1/access-keys/" + created.accessKeyId()))
                .cacheControl(CacheControl.noStore())
                .body(new CreatedAccessKeyResponse(created.accessKeyId(), created.secretAccessKey(), roleName(role),
                        created.description(), created.createdAt()));
    }

    @Operation(summary = "The access keys not deleted, oldest first (never a secret)")
    @GetMapping
    AccessKeysResponse list() {
        return new AccessKeysResponse(keys.list().stream().map(key -> new AccessKeyResponse(key.accessKeyId(),
                roleName(key.role()), key.description(), key.createdAt(), key.createdBy())).toList());
    }

    @Operation(summary = "Delete an access key: it signs nothing more and its secret is shredded",
            description = "Takes effect at once on the node that answers; other nodes may accept the key's "
                    + "signatures for up to a minute (they hold opened secrets that long).")
    @DeleteMapping("/{accessKeyId}")
    ResponseEntity<Void> delete(@PathVariable String accessKeyId, HttpServletRequest request) {
        RequestMetadata origin = metadata.resolve(request);
        if (!AccessKeys.ID.matcher(accessKeyId).matches()) {
            throw new InvalidInput("accessKeyId", "must be an access key id: ALAK and 16 characters of [A-Z2-7]");
        }
        if (!keys.delete(accessKeyId, origin.actor())) {
            throw new AuthledgerException(ErrorCode.NotFound, "No access key with this id exists.");
        }
        log.info("{} deleted access key {} (request {}, from {}, reason: {})", origin.actor(), accessKeyId,
                origin.requestId(), origin.sourceIp(), origin.reason());
        return ResponseEntity.noContent().build();
    }

    private static String roleName(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }
}
