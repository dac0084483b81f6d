package com.authledger.pool.read;

import com.authledger.pool.MfaConfiguration;

import java.time.Instant;

/** One row of the pool_mfa_config_version projection: a configuration and the interval it held over. */
public record MfaConfigVersion(String poolId, long version, Instant validFrom, Instant validTo,
                               MfaConfiguration configuration) {
}
