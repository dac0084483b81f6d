package com.authledger.pool.read;

import com.authledger.pool.PasswordPolicy;

import java.time.Instant;
import java.util.List;

/**
 * A pool as the pool projection holds it.
 *
 * @param passwordPolicyVersion the sequence number of the pool event that set the password policy (0: creation)
 * @param lastModifiedAt        when the pool's MFA configuration or password policy last changed (its creation
 *                              before any change)
 */
public record PoolSummary(String poolId, String name, Instant createdAt, String createdBy,
                          List<String> autoVerifiedAttributes, String verificationSmsMessage,
                          String verificationEmailMessage, PasswordPolicy passwordPolicy, long passwordPolicyVersion,
                          long position, Instant lastModifiedAt) {
}
