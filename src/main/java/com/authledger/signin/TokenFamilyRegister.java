package com.authledger.signin;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the token families of completed sign-ins are registered, so that every node refuses a revoked family's tokens
 * from the moment the revoking transaction commits (ADR 12). Sign-in opens and revokes families from inside its
 * command handlers; the token side implements this port and reads it when it accepts a token.
 */
public interface TokenFamilyRegister {

    void open(String familyId, String poolId, String sub, String clientId, Instant createdAt, Instant expiresAt);

    void revoke(String familyId, String reason, Instant at);

    /** Why the family's tokens are refused (its revocation reason, or "unknown"), or empty while they are good. */
    Optional<String> refusal(String familyId);
}
