package com.authledger.pool.api;

import com.authledger.pool.MfaConfiguration;
import com.authledger.pool.PasswordPolicy;
import com.authledger.pool.PoolName;
import com.authledger.pool.VerificationSettings;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/**
 * Creates a user pool. The only moment its MFA mode may be REQUIRED.
 *
 * @param verification null for the defaults
 * @param passwordPolicy null for {@link PasswordPolicy#defaults()}
 */
public record CreatePool(@TargetAggregateIdentifier String poolId, String name, MfaConfiguration mfa,
                         VerificationSettings verification, PasswordPolicy passwordPolicy) {

    public CreatePool {
        PoolName.requireValid(name);
        Objects.requireNonNull(mfa, "mfa").validate();
        verification = verification == null ? VerificationSettings.defaults() : verification.validate();
        passwordPolicy = passwordPolicy == null ? PasswordPolicy.defaults() : passwordPolicy.validate();
    }
}
