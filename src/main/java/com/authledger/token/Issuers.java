package com.authledger.token;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code iss} of a pool's tokens: {@code <authledger.issuer-base-url>/<poolId>}, as Cognito's
 * {@code https://cognito-idp.<region>.amazonaws.com/<poolId>}; its JWKS and discovery document live under it.
 */
public final class Issuers {

    /** The shape of pool ids ({@code PoolId}): 1 to 55 characters. */
    private static final Pattern POOL_ID = Pattern.compile("[\\w-]+_[0-9a-zA-Z]+");
    private static final int MAX_POOL_ID_LENGTH = 55;

    private final String baseUrl;

    public Issuers(String baseUrl) {
        String trimmed = baseUrl.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (!trimmed.startsWith("https://") && !trimmed.startsWith("http://")) {
            throw new IllegalStateException("authledger.issuer-base-url must be an http(s) URL");
        }
        this.baseUrl = trimmed;
    }

    public String issuer(String poolId) {
        return baseUrl + "/" + poolId;
    }

    /**
     * The pool an issuer names, if it is one of this service's ({@code <base-url>/<poolId>}, the pool id in the shape
     * of pool ids); empty for any other issuer. Says nothing of whether the pool exists.
     */
    public Optional<String> poolIdOf(String issuer) {
        if (issuer == null || issuer.length() > baseUrl.length() + 1 + MAX_POOL_ID_LENGTH
                || !issuer.startsWith(baseUrl + "/")) {
            return Optional.empty();
        }
        String poolId = issuer.substring(baseUrl.length() + 1);
        return POOL_ID.matcher(poolId).matches() ? Optional.of(poolId) : Optional.empty();
    }

    public String jwksUri(String poolId) {
        return issuer(poolId) + "/.well-known/jwks.json";
    }
}
