package com.authledger.client.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * An app client was created.
 *
 * @param sealedClientSecret the secret sealed by the DataKeyVault (owner: the client id), null for a client without
 *                           a secret; never the plaintext
 */
@Revision("1")
public record AppClientCreated(String clientId, String poolId, AppClientSettings settings, String sealedClientSecret,
                               Instant occurredAt) implements AppClientEvent {
}
