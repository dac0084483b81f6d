package com.authledger.token;

import com.authledger.signin.TokenMinter;
import com.authledger.signin.api.IssuedTokens;
import com.authledger.signin.api.TokenRequest;
import com.authledger.token.SigningKeys.SigningKey;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;

/**
 * Issues a pool's ID and access tokens as RS256 JWTs with Cognito's claims, signed with the pool's current key (its
 * kid in the header). Both tokens share {@code iat}, {@code auth_time}, {@code event_id} and {@code origin_jti} (the
 * token family); each has its own {@code jti} and {@code exp}. {@code amr} (the factors used) is authledger's addition: Cognito's
 * user-pool tokens carry none.
 */
public class TokenIssuer implements TokenMinter {

    /** The scope Cognito puts in access tokens of its user-pool API sign-ins. */
    public static final String ACCESS_SCOPE = "aws.cognito.signin.user.admin";

    private final SigningKeys keys;
    private final Issuers issuers;
    private final Clock clock;

    public TokenIssuer(SigningKeys keys, Issuers issuers, Clock clock) {
        this.keys = keys;
        this.issuers = issuers;
        this.clock = clock;
    }

    @Override
    public IssuedTokens issue(TokenRequest request) {
        SigningKey key = keys.current(request.poolId());
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = issuedAt.plus(request.validity());
        JWTClaimsSet common = new JWTClaimsSet.Builder()
                .subject(request.sub())
                .issuer(issuers.issuer(request.poolId()))
                .issueTime(Date.from(issuedAt))
                .claim("auth_time", request.authTime().getEpochSecond())
                .claim("origin_jti", request.familyId())
                .claim("event_id", request.eventId())
                .claim("amr", request.amr())
                .build();
        JWTClaimsSet id = new JWTClaimsSet.Builder(common)
                .jwtID(UUID.randomUUID().toString())
                .expirationTime(Date.from(issuedAt.plus(request.idValidity())))
                .audience(request.clientId())
                .claim("token_use", TokenUse.ID.claim())
                .claim("cognito:username", request.username())
                .claim("phone_number_verified", request.phoneNumberVerified())
                .build();
        JWTClaimsSet access = new JWTClaimsSet.Builder(common)
                .jwtID(UUID.randomUUID().toString())
                .expirationTime(Date.from(expiresAt))
                .claim("token_use", TokenUse.ACCESS.claim())
                .claim("client_id", request.clientId())
                .claim("username", request.username())
                .claim("scope", ACCESS_SCOPE)
                .build();
        return new IssuedTokens(sign(key, id), sign(key, access), key.kid(), issuedAt, expiresAt);
    }

    private static String sign(SigningKey key, JWTClaimsSet claims) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.kid()).type(JOSEObjectType.JWT)
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new RSASSASigner(key.privateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing a token with key " + key.kid() + " failed", e);
        }
        return jwt.serialize();
    }
}
