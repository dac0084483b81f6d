package com.authledger.user;

import java.time.Duration;
import java.time.Instant;

/**
 * The sign-in lockout rule, Cognito's: after {@link #FREE_FAILURES} consecutive failed sign-in steps, the n-th
 * failure blocks every further step for 2^(n-5) seconds, at most {@link #MAX_WAIT}. The count starts again after a
 * completed sign-in, or after {@link #QUIET_RESET} without a failure. One rule for known users (a value the User
 * aggregate holds) and for names that match no user (kept by {@code UnknownNameFailures}, through the static
 * methods), so the two cannot be told apart.
 *
 * @param failures the consecutive failed steps recorded
 * @param lastFailureAt when the last of them failed; null when there was none
 */
public record Lockout(int failures, Instant lastFailureAt) {

    public static final int FREE_FAILURES = 5;
    public static final Duration MAX_WAIT = Duration.ofMinutes(15);
    public static final Duration QUIET_RESET = Duration.ofMinutes(15);
    public static final String MESSAGE = "Password attempts exceeded";

    /** No failure since the last completed sign-in. */
    static final Lockout NONE = new Lockout(0, null);

    /** The failures that still count at {@code now}: none once {@link #QUIET_RESET} passed since the last one. */
    public static int counted(int failures, Instant lastFailureAt, Instant now) {
        if (failures == 0 || lastFailureAt == null) {
            return 0;
        }
        return now.isBefore(lastFailureAt.plus(QUIET_RESET)) ? failures : 0;
    }

    /** Until when steps are refused, or null when they are not. */
    public static Instant lockedUntil(int failures, Instant lastFailureAt, Instant now) {
        int counted = counted(failures, lastFailureAt, now);
        if (counted < FREE_FAILURES) {
            return null;
        }
        Instant until = lastFailureAt.plus(wait(counted));
        return now.isBefore(until) ? until : null;
    }

    static Duration wait(int failures) {
        int exponent = failures - FREE_FAILURES;
        return exponent >= 10 ? MAX_WAIT : Duration.ofSeconds(Math.min(1L << exponent, MAX_WAIT.toSeconds()));
    }

    /** The failures of this lockout that still count at {@code now}. */
    int countedAt(Instant now) {
        return counted(failures, lastFailureAt, now);
    }

    /** Until when this lockout refuses steps, or null when it does not at {@code now}. */
    Instant lockedUntilAt(Instant now) {
        return lockedUntil(failures, lastFailureAt, now);
    }
}
