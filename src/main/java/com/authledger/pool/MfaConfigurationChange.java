package com.authledger.pool;

import java.time.Instant;

/**
 * A pool's MFA configuration as a command left it: the configuration in force, its version (the pool's event
 * sequence number), since when it holds, and whether the command appended anything (and how many users
 * it told, when asked to).
 */
public record MfaConfigurationChange(String poolId, long version, MfaConfiguration configuration, Instant validFrom,
                                     boolean changed, Integer notifiedUsers) {

    public MfaConfigurationChange(String poolId, long version, MfaConfiguration configuration, Instant validFrom,
                                  boolean changed) {
        this(poolId, version, configuration, validFrom, changed, null);
    }
}
