package com.authledger.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Verifies a pool's tokens: a signed JWT (three parts), alg exactly RS256, a kid of a key the pool publishes, a valid
 * signature, the pool's issuer, the expected {@code token_use}, not expired and not issued in the future (both with
 * {@link #CLOCK_SKEW}), a subject. Anything else is an {@link InvalidToken} saying which check failed. The algorithm
 * is pinned before any key is used: {@code none}, HMAC with the public key as secret and every other algorithm are
 * refused whatever the header says.
 */
public class TokenVerifier {

    /** Said of a token past its {@code exp}. */
    public static final String EXPIRED = "The token has expired.";

    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /** Far above any token this service issues; bounds the parsing work an outsider can cause. */
    static final int MAX_TOKEN_LENGTH = 8192;

    private final SigningKeys keys;
    private final Issuers issuers;
    private final Clock clock;

    public TokenVerifier(SigningKeys keys, Issuers issuers, Clock clock) {
        this.keys = keys;
        this.issuers = issuers;
        this.clock = clock;
    }

    public VerifiedToken verifyAccessToken(String poolId, String token) {
        return verify(poolId, token, TokenUse.ACCESS);
    }

    public VerifiedToken verifyIdToken(String poolId, String token) {
        return verify(poolId, token, TokenUse.ID);
    }

    public VerifiedToken verify(String poolId, String token, TokenUse expectedUse) {
        if (token == null || token.isBlank()) {
            throw new InvalidToken("No token given.");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidToken("The token is longer than any token this service issues.");
        }
        if (token.chars().filter(c -> c == '.').count() != 2) {
            throw new InvalidToken("The token is not a signed JWT (header.payload.signature).");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new InvalidToken("The token is not a signed JWT, or its header does not parse.");
        }
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
            throw new InvalidToken("Only RS256 tokens are accepted.");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw new InvalidToken("The token's header has critical parameters this service does not process.");
        }
        if (header.getType() != null && !JOSEObjectType.JWT.equals(header.getType())) {
            throw new InvalidToken("The token's typ is not JWT.");
        }
        String kid = header.getKeyID();
        if (kid == null || kid.isEmpty() || kid.length() > 64) {
            throw new InvalidToken("The token names no key (kid).");
        }
        RSAKey key = keys.publicKey(poolId, kid)
                .orElseThrow(() -> new InvalidToken("The token's key is not one of this pool's signing keys."));
        try {
            if (!jwt.verify(new RSASSAVerifier(key))) {
                throw new InvalidToken("The token's signature does not verify.");
            }
        } catch (JOSEException e) {
            throw new InvalidToken("The token's signature could not be checked.");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidToken("The token's claims do not parse.");
        }
        return checkClaims(poolId, kid, claims, expectedUse);
    }

    private VerifiedToken checkClaims(String poolId, String kid, JWTClaimsSet claims, TokenUse expectedUse) {
        try {
            if (!issuers.issuer(poolId).equals(claims.getIssuer())) {
                throw new InvalidToken("The token was not issued by this pool.");
            }
            if (!expectedUse.claim().equals(claims.getStringClaim("token_use"))) {
                throw new InvalidToken("The token is not an " + expectedUse.claim() + " token.");
            }
            Instant now = clock.instant();
            Date exp = claims.getExpirationTime();
            Date iat = claims.getIssueTime();
            if (exp == null || iat == null) {
                throw new InvalidToken("The token lacks exp or iat.");
            }
            if (!now.isBefore(exp.toInstant().plus(CLOCK_SKEW))) {
                throw new InvalidToken(EXPIRED);
            }
            if (iat.toInstant().isAfter(now.plus(CLOCK_SKEW))) {
                throw new InvalidToken("The token was issued in the future.");
            }
            if (claims.getSubject() == null || claims.getSubject().isEmpty()) {
                throw new InvalidToken("The token has no subject.");
            }
            String clientId;
            String username;
            if (expectedUse == TokenUse.ACCESS) {
                clientId = claims.getStringClaim("client_id");
                username = claims.getStringClaim("username");
            } else {
                List<String> audience = claims.getAudience();
                clientId = audience.size() == 1 ? audience.get(0) : null;
                username = claims.getStringClaim("cognito:username");
            }
            if (clientId == null || clientId.isEmpty()) {
                throw new InvalidToken("The token names no app client.");
            }
            Long authTime = claims.getLongClaim("auth_time");
            List<String> amr = claims.getStringListClaim("amr");
            return new VerifiedToken(kid, expectedUse, claims.getSubject(), username, clientId,
                    authTime == null ? null : Instant.ofEpochSecond(authTime), iat.toInstant(), exp.toInstant(),
                    claims.getJWTID(), claims.getStringClaim("event_id"), claims.getStringClaim("origin_jti"), amr == null ? List.of() : amr, claims);
        } catch (ParseException e) {
            throw new InvalidToken("A claim of the token has the wrong type.");
        }
    }
}
