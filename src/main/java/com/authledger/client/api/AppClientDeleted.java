package com.authledger.client.api;

import java.time.Instant;

/** An app client was deleted. */
public record AppClientDeleted(String clientId, String poolId, Instant occurredAt) implements AppClientEvent {
}
