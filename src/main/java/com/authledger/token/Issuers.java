package com.authledger.token;

/**
 * The {@code iss} of a pool's tokens: {@code <authledger.issuer-base-url>/<poolId>}, as Cognito's
 * {@code https://cognito-idp.<region>.amazonaws.com/<poolId>}; its JWKS and discovery document live under it.
 */
public final class Issuers {

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

    public String jwksUri(String poolId) {
        return issuer(poolId) + "/.well-known/jwks.json";
    }
}
