package com.authledger.client.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An app client was deleted. */
@Revision("1")
public record AppClientDeleted(String clientId, String poolId, Instant occurredAt) implements AppClientEvent {
}
