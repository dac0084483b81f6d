package com.authledger.client;

import java.time.Instant;

/**
 * Ends the sign-ins of a deleted app client: their refresh, ID and access tokens are refused from the moment the
 * deletion commits. The token side implements this port.
 */
public interface ClientTokenRevocation {

    /** Revokes every open token family of the client; answers how many there were. */
    int revokeAllOfClient(String clientId, String reason, Instant at);
}
