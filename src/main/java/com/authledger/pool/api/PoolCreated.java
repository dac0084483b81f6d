package com.authledger.pool.api;

import java.time.Instant;
import java.util.List;

public record PoolCreated(String poolId, String name, MfaSettings mfa, List<String> autoVerifiedAttributes,
                          String verificationSmsMessage, String verificationEmailMessage, Instant occurredAt)
        implements PoolEvent {
}
