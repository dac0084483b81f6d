package com.authledger.pool.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * A pool was created.
 *
 * @param passwordPolicy null in events stored before pools had a password policy: such a pool has the defaults
 *                       ({@link PasswordPolicySettings#toPolicyOrDefaults})
 */
@Revision("1")
public record PoolCreated(String poolId, String name, MfaSettings mfa, List<String> autoVerifiedAttributes,
                          String verificationSmsMessage, String verificationEmailMessage,
                          PasswordPolicySettings passwordPolicy, Instant occurredAt)
        implements PoolEvent {
}
