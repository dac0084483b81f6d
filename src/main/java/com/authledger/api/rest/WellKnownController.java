package com.authledger.api.rest;

import com.authledger.pool.UserPool;
import com.authledger.pool.PoolId;
import com.authledger.pool.read.PoolMfaConfigQueries;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.InvalidInput;
import com.authledger.token.Issuers;
import com.authledger.token.SigningKeys;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pool's public signing keys and its OpenID discovery document, under its issuer as Cognito serves them
 * ({@code <issuer>/.well-known/...}). Public: no API key. The JWKS holds public parameters only, of every key not
 * retired; a pool that has issued no token yet publishes an empty set.
 */
@RestController
@Tag(name = "Token keys")
@SecurityRequirements // public: no API key
class WellKnownController {

    /** Clients re-fetch on a kid they do not know, so a short cache only spares the service. */
    private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();

    record OpenIdConfiguration(String issuer,
                               @JsonProperty("jwks_uri") String jwksUri,
                               @JsonProperty("subject_types_supported") List<String> subjectTypesSupported,
                               @JsonProperty("response_types_supported") List<String> responseTypesSupported,
                               @JsonProperty("id_token_signing_alg_values_supported") List<String> algorithms,
                               @JsonProperty("claims_supported") List<String> claimsSupported) {
    }

    private final PoolMfaConfigQueries pools;
    private final SigningKeys keys;
    private final Issuers issuers;

    WellKnownController(PoolMfaConfigQueries pools, SigningKeys keys, Issuers issuers) {
        this.pools = pools;
        this.keys = keys;
        this.issuers = issuers;
    }

    @Operation(summary = "The pool's public token signing keys (JWKS)")
    @GetMapping(path = "/{poolId}/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> jwks(@PathVariable String poolId) {
        requirePool(poolId);
        List<RSAKey> published = new ArrayList<>();
        for (RSAKey key : keys.published(poolId)) {
            published.add(key.toPublicJWK());
        }
        return ResponseEntity.ok().cacheControl(CACHE).body(new JWKSet(List.copyOf(published)).toJSONObject(true));
    }

    @Operation(summary = "The pool's OpenID discovery document")
    @GetMapping(path = "/{poolId}/.well-known/openid-configuration", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<OpenIdConfiguration> openIdConfiguration(@PathVariable String poolId) {
        requirePool(poolId);
        return ResponseEntity.ok().cacheControl(CACHE).body(new OpenIdConfiguration(issuers.issuer(poolId),
                issuers.jwksUri(poolId), List.of("public"), List.of("code", "token"), List.of("RS256"),
                List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "jti", "origin_jti", "event_id", "token_use",
                        "cognito:username", "phone_number_verified", "amr")));
    }

    private void requirePool(String poolId) {
        try {
            PoolId.requireValid(poolId);
        } catch (InvalidInput notAPoolId) {
            throw UserPool.notFound();
        }
        if (pools.pool(poolId).isEmpty()) {
            throw UserPool.notFound();
        }
    }

}
