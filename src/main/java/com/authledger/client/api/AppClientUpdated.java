package com.authledger.client.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An app client's settings were replaced. */
@Revision("1")
public record AppClientUpdated(String clientId, String poolId, AppClientSettings settings, Instant occurredAt)
        implements AppClientEvent {
}
