package com.authledger.pool.api;

import java.time.Instant;

/** Every event a {@code UserPool} emits. */
public sealed interface PoolEvent permits PoolCreated, PoolMfaConfigured, PoolPasswordPolicyChanged,
        PoolDeleted {

    String poolId();

    Instant occurredAt();
}
