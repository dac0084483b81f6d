package com.authledger.pool.api;

import java.time.Instant;

/** Every event a {@code UserPool} emits. */
public sealed interface PoolEvent permits PoolCreated, PoolMfaConfigured {

    String poolId();

    Instant occurredAt();

    MfaSettings mfa();
}
