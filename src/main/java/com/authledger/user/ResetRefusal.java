package com.authledger.user;

import java.time.Instant;

/**
 * The last reason a password reset was refused, and when. A public endpoint must not grow the history without bound,
 * so a refusal is recorded once per reason and {@link RecentSends#WINDOW}.
 */
record ResetRefusal(String reason, Instant at) {

    static final ResetRefusal NONE = new ResetRefusal(null, null);

    /** Whether refusing for {@code newReason} at {@code now} repeats this refusal within the window. */
    boolean repeatedBy(String newReason, Instant now) {
        return newReason.equals(reason) && at.isAfter(now.minus(RecentSends.WINDOW));
    }
}
