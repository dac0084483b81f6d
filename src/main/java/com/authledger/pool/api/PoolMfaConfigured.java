package com.authledger.pool.api;

import java.time.Instant;

/** The pool's MFA configuration was replaced as a whole; the previous one is the pool's state before it. */
public record PoolMfaConfigured(String poolId, MfaSettings mfa, Instant occurredAt) implements PoolEvent {
}
