package com.authledger.token;

import com.nimbusds.jwt.JWTClaimsSet;

import java.time.Instant;
import java.util.List;

/** The claims of a token whose signature, issuer, expiry and use were checked. */
public record VerifiedToken(String keyId, TokenUse use, String sub, String username, String clientId,
                            Instant authTime, Instant issuedAt, Instant expiresAt, String jti, String eventId, String originJti,
                            List<String> amr, JWTClaimsSet claims) {
}
