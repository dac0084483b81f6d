package com.authledger.pool.api;

import com.authledger.pool.MfaConfiguration;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/**
 * The console's "Save changes": replaces the pool's whole MFA configuration in one event. An SMS template left out
 * (null) keeps the pool's current one.
 *
 * @param expectedVersion the version the caller read (HTTP If-Match), or null to overwrite whatever is there
 */
public record ConfigurePoolMfa(@TargetAggregateIdentifier String poolId, MfaConfiguration mfa, Long expectedVersion) {

    public ConfigurePoolMfa {
        Objects.requireNonNull(mfa, "mfa").validate();
    }
}
