package com.authledger.pool.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The pool's MFA configuration was replaced as a whole; the previous one is the pool's state before it.
 *
 * @param notifiedUsers how many users were told of the change (null: none were to be told)
 */
@Revision("1")
public record PoolMfaConfigured(String poolId, MfaSettings mfa, Instant occurredAt, Integer notifiedUsers)
        implements PoolEvent {

    @JsonCreator
    public PoolMfaConfigured {
    }

    public PoolMfaConfigured(String poolId, MfaSettings mfa, Instant occurredAt) {
        this(poolId, mfa, occurredAt, null);
    }
}
