package com.authledger.pool.api;

import com.authledger.pool.PasswordPolicy;
import com.authledger.shared.InvalidInput;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Replaces the pool's password policy as a whole (Cognito's UpdateUserPool with Policies.PasswordPolicy). A policy
 * equal to the current one appends nothing. Passwords already set are not re-checked: the policy applies to the
 * passwords set after it.
 */
public record ChangePasswordPolicy(@TargetAggregateIdentifier String poolId, PasswordPolicy passwordPolicy) {

    public ChangePasswordPolicy {
        if (passwordPolicy == null) {
            throw new InvalidInput("passwordPolicy", "is required");
        }
        passwordPolicy.validate();
    }
}
