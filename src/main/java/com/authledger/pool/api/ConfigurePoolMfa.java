package com.authledger.pool.api;

import com.authledger.pool.MfaConfiguration;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/**
 * The console's "Save changes": replaces the pool's whole MFA configuration in one event. An SMS template left out
 * (null) keeps the pool's current one.
 *
 * @param expectedVersion the version the caller read (HTTP If-Match), or null to overwrite whatever is there
 * @param notifyUsers tell the users whose sign-in changes (the console's option), through the pool's sender
 */
public record ConfigurePoolMfa(@TargetAggregateIdentifier String poolId, MfaConfiguration mfa, Long expectedVersion,
                               boolean notifyUsers) {

    public ConfigurePoolMfa {
        Objects.requireNonNull(mfa, "mfa").validate();
    }

    public ConfigurePoolMfa(String poolId, MfaConfiguration mfa, Long expectedVersion) {
        this(poolId, mfa, expectedVersion, false);
    }
}
