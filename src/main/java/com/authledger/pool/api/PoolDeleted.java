package com.authledger.pool.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The pool was deleted. Its users' data keys were shredded in the same transaction.
 *
 * @param shreddedUsers how many users' data keys were shredded
 */
@Revision("1")
public record PoolDeleted(String poolId, int shreddedUsers, Instant occurredAt) implements PoolEvent {
}
