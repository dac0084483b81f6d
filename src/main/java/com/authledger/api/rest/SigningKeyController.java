package com.authledger.api.rest;

import com.authledger.pool.UserPool;
import com.authledger.infra.RequestMetadata;
import com.authledger.pool.PoolId;
import com.authledger.pool.read.PoolMfaConfigQueries;
import com.authledger.shared.InvalidInput;
import com.authledger.token.SigningKeys;
import com.authledger.token.SigningKeys.KeyInfo;
import com.authledger.web.RequestMetadataResolver;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A pool's token signing keys (ADR 11): list them (admins and auditors), rotate (admins: a new current key, the
 * previous ones stay published) and retire one (admins: unpublished, its tokens no longer verify, its private half
 * shredded). Never a private key in any answer. Changes are logged with the actor.
 */
@RestController
@RequestMapping(path = "/api/v1/pools/{poolId}/signing-keys", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Token keys")
class SigningKeyController {

    private static final Pattern KID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Logger log = LoggerFactory.getLogger(SigningKeyController.class);

    record KeyResponse(String kid, int generation, Instant createdAt, Instant retiredAt, boolean current) {
        static KeyResponse of(KeyInfo key) {
            return new KeyResponse(key.kid(), key.generation(), key.createdAt(), key.retiredAt(), key.current());
        }
    }

    record KeysResponse(String poolId, List<KeyResponse> keys) {
    }

    record RotateResponse(String poolId, String kid) {
    }

    record RetireResponse(String poolId, String kid, boolean retired) {
    }

    private final PoolMfaConfigQueries pools;
    private final SigningKeys keys;
    private final RequestMetadataResolver metadata;

    SigningKeyController(PoolMfaConfigQueries pools, SigningKeys keys, RequestMetadataResolver metadata) {
        this.pools = pools;
        this.keys = keys;
        this.metadata = metadata;
    }

    @Operation(summary = "The pool's signing keys, newest first, retired ones included (never a private key)")
    @GetMapping
    KeysResponse list(@PathVariable String poolId) {
        requirePool(poolId);
        return new KeysResponse(poolId, keys.keys(poolId).stream().map(KeyResponse::of).toList());
    }

    @Operation(summary = "Rotate: a new current signing key; the previous keys stay published until retired")
    @PostMapping("/rotate")
    RotateResponse rotate(@PathVariable String poolId, HttpServletRequest request) {
        RequestMetadata origin = metadata.resolve(request);
        requirePool(poolId);
        String kid = keys.rotate(poolId);
        log.info("{} rotated the signing key of pool {}: {} is current (request {}, from {}, reason: {})",
                origin.actor(), poolId, kid, origin.requestId(), origin.sourceIp(), origin.reason());
        return new RotateResponse(poolId, kid);
    }

    @Operation(summary = "Retire a signing key: no longer published, its tokens no longer verify",
            description = "Retiring the current key makes the pool's next token create a new one. A key already "
                    + "retired, or not the pool's, answers retired=false.")
    @PostMapping("/{kid}/retire")
    RetireResponse retire(@PathVariable String poolId, @PathVariable String kid, HttpServletRequest request) {
        RequestMetadata origin = metadata.resolve(request);
        requirePool(poolId);
        if (!KID.matcher(kid).matches()) {
            throw new InvalidInput("kid", "must be a key id: 1 to 64 characters of [A-Za-z0-9_-]");
        }
        boolean retired = keys.retire(poolId, kid);
        log.info("{} retired signing key {} of pool {}: {} (request {}, from {}, reason: {})", origin.actor(),
                kid, poolId, retired ? "retired" : "no such live key", origin.requestId(), origin.sourceIp(),
                origin.reason());
        return new RetireResponse(poolId, kid, retired);
    }

    private void requirePool(String poolId) {
        if (pools.pool(PoolId.requireValid(poolId)).isEmpty()) {
            throw UserPool.notFound();
        }
    }
}
