package com.authledger.pool.api;

import com.authledger.pool.MfaConfiguration;
import com.authledger.pool.PoolName;
import com.authledger.pool.VerificationSettings;
import com.authledger.shared.InvalidInput;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates a user pool. The only moment its MFA mode may be REQUIRED. */
public record CreatePool(@TargetAggregateIdentifier String poolId, String name, MfaConfiguration mfa,
                         VerificationSettings verification) {

    public CreatePool {
        PoolName.requireValid(name);
        if (mfa == null) {
            throw new InvalidInput("mfaMode", "is required (OFF, OPTIONAL or REQUIRED)");
        }
        verification = verification == null ? VerificationSettings.defaults() : verification;
    }
}
