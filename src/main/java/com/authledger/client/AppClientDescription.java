package com.authledger.client;

import com.authledger.client.api.AppClientSettings;

import java.time.Instant;

/**
 * An app client as a command left it.
 *
 * @param clientSecret the plaintext secret, only in the answer to its creation (null otherwise or without one)
 * @param version      the sequence number of the client's latest event
 * @param changed      whether the command appended an event
 */
public record AppClientDescription(String clientId, String poolId, AppClientSettings settings, boolean hasSecret,
                                   String clientSecret, Instant createdAt, Instant lastModifiedAt, long version,
                                   boolean changed) {
}
