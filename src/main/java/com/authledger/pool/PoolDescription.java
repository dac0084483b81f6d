package com.authledger.pool;

import java.time.Instant;

/** A newly created pool, as CreatePool left it. */
public record PoolDescription(String poolId, String name, Instant createdAt, VerificationSettings verification,
                              MfaConfigurationChange mfa, PasswordPolicy passwordPolicy) {
}
