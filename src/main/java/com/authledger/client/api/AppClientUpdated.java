package com.authledger.client.api;

import java.time.Instant;

/** An app client's settings were replaced. */
public record AppClientUpdated(String clientId, String poolId, AppClientSettings settings, Instant occurredAt)
        implements AppClientEvent {
}
