package com.authledger.user;

import java.time.Instant;

/**
 * What the user needs of the token families its sign-ins opened: revoking all of them at once, in the transaction of
 * the command that decides it (a password change or reset, a factor reset, a sign-out everywhere, a deletion).
 * Owned here so that the user slice does not depend on how tokens are kept; {@code token.TokenFamilies} implements it.
 */
public interface TokenRevocation {

    /** Revokes every family of the user still open; answers how many there were. */
    int revokeAll(String sub, String reason, Instant at);
}
