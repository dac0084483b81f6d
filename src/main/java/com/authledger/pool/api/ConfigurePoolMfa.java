package com.authledger.pool.api;

import com.authledger.pool.MfaConfiguration;
import com.authledger.shared.InvalidInput;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The console's "Save changes": replaces the pool's whole MFA configuration in one event.
 *
 * @param expectedVersion the version the caller read (HTTP If-Match), or null to overwrite whatever is there
 */
public record ConfigurePoolMfa(@TargetAggregateIdentifier String poolId, MfaConfiguration mfa, Long expectedVersion) {

    public ConfigurePoolMfa {
        if (mfa == null) {
            throw new InvalidInput("mfaMode", "is required (OFF, OPTIONAL or REQUIRED)");
        }
    }
}
