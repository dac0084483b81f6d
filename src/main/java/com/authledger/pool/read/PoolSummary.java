package com.authledger.pool.read;

import java.time.Instant;
import java.util.List;

/** A pool as the pool projection holds it. */
public record PoolSummary(String poolId, String name, Instant createdAt, String createdBy,
                          List<String> autoVerifiedAttributes, String verificationSmsMessage,
                          String verificationEmailMessage, long position) {
}
