package com.authledger.pool.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The pool's password policy was replaced (Cognito's UpdateUserPool with Policies.PasswordPolicy). It leaves the MFA
 * configuration, and so its version, as it is.
 */
@Revision("1")
public record PoolPasswordPolicyChanged(String poolId, PasswordPolicySettings passwordPolicy, Instant occurredAt)
        implements PoolEvent {
}
