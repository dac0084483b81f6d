package com.authledger.shared;

import java.time.Duration;
import java.util.Objects;

/**
 * A budget or a rate limit is spent: nothing was sent, appended or changed. Carries how long until the window that
 * refused it ends, which the REST API answers as {@code Retry-After}.
 */
public final class LimitReached extends RuleViolation {

    private final Duration retryAfter;

    public LimitReached(ErrorCode code, String message, Duration retryAfter) {
        super(code, message);
        this.retryAfter = Objects.requireNonNull(retryAfter);
    }

    /** How long until the refusing window ends, rounded up to whole seconds, at least one. */
    public long retryAfterSeconds() {
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
