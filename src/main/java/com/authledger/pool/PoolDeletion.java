package com.authledger.pool;

import java.time.Instant;

/**
 * A pool as DeletePool left it.
 *
 * @param version the sequence number of the PoolDeleted event
 */
public record PoolDeletion(String poolId, long version, Instant deletedAt, int shreddedUsers) {
}
