package com.authledger.pool.api;

import com.authledger.pool.PasswordPolicy;

/**
 * The stored form of a password policy inside events: primitives only, so that what is in the event store never
 * depends on the shape of {@link PasswordPolicy} (see {@link MfaSettings}).
 */
public record PasswordPolicySettings(int minimumLength, boolean requireUppercase, boolean requireLowercase,
                                     boolean requireNumbers, boolean requireSymbols) {

    public static PasswordPolicySettings of(PasswordPolicy policy) {
        return new PasswordPolicySettings(policy.minimumLength(), policy.requireUppercase(),
                policy.requireLowercase(), policy.requireNumbers(), policy.requireSymbols());
    }

    public PasswordPolicy toPolicy() {
        return new PasswordPolicy(minimumLength, requireUppercase, requireLowercase, requireNumbers, requireSymbols);
    }

    /** The policy a stored event holds; none (an event stored before pools had one) means the defaults. */
    public static PasswordPolicy toPolicyOrDefaults(PasswordPolicySettings stored) {
        return stored == null ? PasswordPolicy.defaults() : stored.toPolicy();
    }
}
