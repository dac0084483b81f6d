package com.authledger.signin.api;

import java.time.Instant;

/** An ID token and an access token, signed together with one key. */
public record IssuedTokens(String idToken, String accessToken, String keyId, Instant issuedAt, Instant expiresAt) {

    /** Seconds until both expire, as Cognito's {@code ExpiresIn}. */
    public long expiresIn() {
        return expiresAt.getEpochSecond() - issuedAt.getEpochSecond();
    }
}
