package com.authledger.signin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link SignInSession} that succeeded became (ADR 12): a token family, signed in at {@code authTime}, whose
 * refresh tokens renew its ID and access tokens until {@code expiresAt}. Each use rotates the refresh token; the
 * hashes of every one it issued are kept (the last is current), so that one rotated away from is recognised when it
 * is presented again.
 */
public record TokenFamily(Instant authTime, Instant expiresAt, int generation, List<String> refreshTokenHashes,
                          boolean revoked) {

    public TokenFamily {
        refreshTokenHashes = List.copyOf(refreshTokenHashes);
    }

    static TokenFamily opened(Instant authTime, Instant expiresAt, String refreshTokenHash) {
        return new TokenFamily(authTime, expiresAt, 0, List.of(refreshTokenHash), false);
    }

    TokenFamily rotated(int nextGeneration, String refreshTokenHash) {
        List<String> hashes = new ArrayList<>(refreshTokenHashes);
        hashes.add(refreshTokenHash);
        return new TokenFamily(authTime, expiresAt, nextGeneration, hashes, revoked);
    }

    TokenFamily revokedNow() {
        return new TokenFamily(authTime, expiresAt, generation, refreshTokenHashes, true);
    }

    /** Whether {@code secret} is one of the family's refresh tokens, current or rotated away from. */
    boolean issued(String secret) {
        return refreshTokenHashes.contains(SessionSecrets.hash(secret));
    }

    /** Whether {@code secret} is the family's current refresh token (compared in constant time). */
    boolean current(String secret) {
        return SessionSecrets.matches(refreshTokenHashes.get(refreshTokenHashes.size() - 1), secret);
    }
}
