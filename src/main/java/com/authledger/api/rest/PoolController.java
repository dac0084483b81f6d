package com.authledger.api.rest;

import com.authledger.pool.UserPool;
import com.authledger.api.PoolAdministration;
import com.authledger.api.rest.MfaConfigBody.CreatePoolRequest;
import com.authledger.api.rest.MfaConfigBody.MfaConfigRequest;
import com.authledger.api.rest.MfaConfigBody.PasswordPolicyBody;
import com.authledger.api.rest.PoolResponses.MfaConfigResponse;
import com.authledger.api.rest.PoolResponses.PageResponse;
import com.authledger.api.rest.PoolResponses.PasswordPolicyResponse;
import com.authledger.api.rest.PoolResponses.PoolListItem;
import com.authledger.api.rest.PoolResponses.PoolResponse;
import com.authledger.api.rest.PoolResponses.VerificationResponse;
import com.authledger.infra.RequestMetadata;
import com.authledger.pool.MfaConfigurationChange;
import com.authledger.pool.PasswordPolicyChange;
import com.authledger.pool.PoolDescription;
import com.authledger.pool.PoolId;
import com.authledger.pool.api.ChangePasswordPolicy;
import com.authledger.pool.api.ConfigurePoolMfa;
import com.authledger.pool.api.CreatePool;
import com.authledger.pool.api.DeletePool;
import com.authledger.pool.read.MfaConfigVersion;
import com.authledger.pool.read.PoolMfaConfigQueries;
import com.authledger.pool.read.PoolSummary;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.Page;
import com.authledger.web.RequestMetadataResolver;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;

/**
 * Pools, their MFA configuration and their password policy. Changes go through the UserPool aggregate; reads come
 * from the pool projection, and a write answers once that projection holds it, so a client reads its own writes.
 */
@RestController
@RequestMapping(path = "/api/v1/pools", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Pools and MFA configuration")
class PoolController {

    private final PoolAdministration administration;
    private final PoolMfaConfigQueries queries;
    private final RequestMetadataResolver metadata;
    private final String region;

    PoolController(PoolAdministration administration, PoolMfaConfigQueries queries, RequestMetadataResolver metadata,
                   @Value("${authledger.region}") String region) {
        this.administration = administration;
        this.queries = queries;
        this.metadata = metadata;
        this.region = region;
    }

    @Operation(summary = "Create a pool (the only moment its MFA mode may be REQUIRED)")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PoolResponse> create(@RequestBody CreatePoolRequest body, HttpServletRequest request) {
        RequestMetadata origin = metadata.resolve(request);
        CreatePool command = new CreatePool(PoolId.generate(region), body.name(), body.toConfiguration(),
                body.toVerification(), body.toPasswordPolicy());
        PoolDescription pool = administration.create(command, origin);
        PoolResponse response = new PoolResponse(pool.poolId(), pool.name(), pool.createdAt(), origin.actor(),
                VerificationResponse.of(pool.verification()), PasswordPolicyResponse.of(pool.passwordPolicy()),
                MfaConfigResponse.of(pool.mfa()));
        return ResponseEntity.created(URI.create("/api/v1/pools/" + pool.poolId()))
                .eTag(Params.etag(pool.mfa().version())).body(response);
    }

    @Operation(summary = "List pools, oldest first")
    @GetMapping
    PageResponse<PoolListItem> list(@RequestParam(required = false) Integer pageSize,
                                    @RequestParam(required = false) String pageToken) {
        Page<PoolSummary> page = queries.pools(Page.size(pageSize), Page.after(pageToken));
        return new PageResponse<>(page.items().stream().map(PoolListItem::of).toList(), page.nextPageToken());
    }

    @Operation(summary = "Read a pool, its password policy and its current MFA configuration")
    @GetMapping("/{poolId}")
    PoolResponse get(@PathVariable String poolId) {
        PoolSummary pool = queries.pool(PoolId.requireValid(poolId)).orElseThrow(UserPool::notFound);
        return PoolResponse.of(pool, queries.current(poolId).orElse(null));
    }

    @Operation(summary = "Read the pool's MFA configuration, now or as it was at an instant (asOf)")
    @GetMapping("/{poolId}/mfa-config")
    ResponseEntity<MfaConfigResponse> getMfaConfig(@PathVariable String poolId,
                                                   @RequestParam(required = false) String asOf) {
        PoolId.requireValid(poolId);
        Instant instant = Params.instant("asOf", asOf);
        if (instant != null && queries.pool(poolId).isEmpty()) {
            throw UserPool.notFound(); // a deleted pool's history is the audit trail's, not an asOf read
        }
        MfaConfigVersion version = (instant == null ? queries.current(poolId) : queries.asOf(poolId, instant))
                .orElseThrow(() -> queries.pool(poolId).isPresent()
                        ? new AuthledgerException(ErrorCode.PoolNotYetCreated,
                        "The pool did not exist yet at the instant given in asOf.")
                        : UserPool.notFound());
        return ResponseEntity.ok().eTag(Params.etag(version.version())).body(MfaConfigResponse.of(version));
    }

    @Operation(summary = "Replace the pool's whole MFA configuration (the console's Save changes)")
    @PutMapping(path = "/{poolId}/mfa-config", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<MfaConfigResponse> putMfaConfig(@PathVariable String poolId, @RequestBody MfaConfigRequest body,
                                                   @RequestHeader(value = HttpHeaders.IF_MATCH, required = false)
                                                   String ifMatch, HttpServletRequest request) {
        RequestMetadata origin = metadata.resolve(request);
        ConfigurePoolMfa command = new ConfigurePoolMfa(PoolId.requireValid(poolId), body.toConfiguration(),
                Params.expectedVersion(ifMatch, body.version()), Boolean.TRUE.equals(body.notifyUsers()));
        MfaConfigurationChange change = administration.configureMfa(command, origin);
        return ResponseEntity.ok().eTag(Params.etag(change.version())).body(MfaConfigResponse.of(change));
    }

    @Operation(summary = "Read the pool's password policy")
    @GetMapping("/{poolId}/password-policy")
    PasswordPolicyResponse getPasswordPolicy(@PathVariable String poolId) {
        PoolSummary pool = queries.pool(PoolId.requireValid(poolId)).orElseThrow(UserPool::notFound);
        return PasswordPolicyResponse.of(pool.passwordPolicy());
    }

    @Operation(summary = "Replace the pool's password policy (all five fields); an identical policy appends nothing")
    @PutMapping(path = "/{poolId}/password-policy", consumes = MediaType.APPLICATION_JSON_VALUE)
    PasswordPolicyResponse putPasswordPolicy(@PathVariable String poolId, @RequestBody PasswordPolicyBody body,
                                             HttpServletRequest request) {
        RequestMetadata origin = metadata.resolve(request);
        ChangePasswordPolicy command = new ChangePasswordPolicy(PoolId.requireValid(poolId), body.toPolicy());
        PasswordPolicyChange change = administration.changePasswordPolicy(command, origin);
        return PasswordPolicyResponse.of(change.passwordPolicy());
    }

    @Operation(summary = "Delete a pool: it is no longer found or listed, its app clients refuse sign-in, its users' "
            + "secrets are crypto-shredded; the deletion stays in the audit trail")
    @DeleteMapping("/{poolId}")
    ResponseEntity<Void> delete(@PathVariable String poolId, HttpServletRequest request) {
        RequestMetadata origin = metadata.resolve(request);
        administration.delete(new DeletePool(PoolId.requireValid(poolId)), origin);
        return ResponseEntity.noContent().build();
    }

}
