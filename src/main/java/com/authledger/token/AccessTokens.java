package com.authledger.token;

import com.authledger.pool.PoolDirectory;
import com.authledger.signin.SignedInUser;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import org.springframework.stereotype.Component;

import java.text.ParseException;
import java.time.Instant;

/**
 * Accepts a user's access token wherever the engine takes one: the pool is read from the token's (not yet trusted)
 * {@code iss}, then {@link TokenVerifier} checks it fully against that pool (so the issuer must be the pool's, the
 * key one the pool publishes), and finally its family ({@code origin_jti}, the sign-in that issued it) must not be
 * revoked. Revocations (GlobalSignOut, password resets, DeleteUser, an admin factor reset, refresh-token reuse) are
 * written to {@link TokenFamilies} in the transaction that decides them, so a token issued before one is refused on
 * every node from the moment it commits, though its signature and expiry are still good.
 */
@Component
public class AccessTokens {

    /** Said of every revoked family, whatever the reason: the reason is the user's business, not the bearer's. */
    public static final String REVOKED = "The token has been revoked.";

    private final Issuers issuers;
    private final TokenVerifier verifier;
    private final TokenFamilies families;
    private final PoolDirectory pools;

    public AccessTokens(Issuers issuers, TokenVerifier verifier, TokenFamilies families, PoolDirectory pools) {
        this.issuers = issuers;
        this.verifier = verifier;
        this.families = families;
        this.pools = pools;
    }

    /** A verified, unrevoked access token and the pool that issued it. */
    public record PoolToken(String poolId, VerifiedToken token) implements SignedInUser {

        @Override
        public String sub() {
            return token.sub();
        }

        @Override
        public Instant authTime() {
            return token.authTime();
        }
    }

    /** The token's pool and claims, or an {@link InvalidToken} saying which check failed. */
    public PoolToken verify(String token) {
        String poolId = claimedPool(token);
        VerifiedToken verified = verifier.verifyAccessToken(poolId, token);
        if (verified.originJti() == null || verified.originJti().isEmpty()) {
            throw new InvalidToken("The token names no sign-in (origin_jti).");
        }
        if (families.refusal(verified.originJti()).isPresent()) {
            throw new InvalidToken(REVOKED);
        }
        // a deleted pool's users are gone with it (their secrets shredded): its tokens no longer speak for anyone
        if (pools.pool(poolId).isEmpty()) {
            throw new InvalidToken(REVOKED);
        }
        return new PoolToken(poolId, verified);
    }

    /**
     * The pool named by the token's issuer, read before anything is verified: it only chooses whose keys the
     * signature is checked with, and the verifier then requires that very issuer.
     */
    private String claimedPool(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidToken("No token given.");
        }
        if (token.length() > TokenVerifier.MAX_TOKEN_LENGTH) {
            throw new InvalidToken("The token is longer than any token this service issues.");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidToken("The token is not a signed JWT (header.payload.signature).");
        }
        String issuer;
        try {
            issuer = JWTClaimsSet.parse(JSONObjectUtils.parse(new Base64URL(parts[1]).decodeToString())).getIssuer();
        } catch (ParseException | RuntimeException e) {
            throw new InvalidToken("The token's claims do not parse.");
        }
        return issuers.poolIdOf(issuer)
                .orElseThrow(() -> new InvalidToken("The token was not issued by this service."));
    }
}
