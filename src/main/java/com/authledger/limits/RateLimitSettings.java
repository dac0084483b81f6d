package com.authledger.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The rate limit of the unauthenticated operations ({@code authledger.rate-limits}): at most {@code limit} requests
 * from one end user's address (an IPv6 address by its /64) per fixed {@code window}, counted by every node and
 * shared through the database every {@code flushEvery}.
 */
@ConfigurationProperties("authledger.rate-limits")
public record RateLimitSettings(int perAddressLimit, Duration perAddressWindow, Duration flushEvery) {

    public RateLimitSettings {
        if (perAddressLimit < 1 || perAddressWindow == null || perAddressWindow.isNegative()
                || perAddressWindow.isZero() || flushEvery == null || flushEvery.isNegative() || flushEvery.isZero()) {
            throw new IllegalArgumentException("authledger.rate-limits: per-address-limit is at least 1, "
                    + "per-address-window and flush-every are positive durations");
        }
    }
}
