package com.authledger.user;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * When the messages of the last hour were sent to the user (codes, and notices of a change away from a verified
 * value): at most {@link #MAX_PER_HOUR} an hour, so that no one can make the service flood a phone or a mailbox.
 */
record RecentSends(List<Instant> sentAt) {

    static final int MAX_PER_HOUR = 5;
    static final Duration WINDOW = Duration.ofHours(1);
    static final RecentSends NONE = new RecentSends(List.of());

    RecentSends {
        sentAt = List.copyOf(sentAt);
    }

    boolean budgetLeft(Instant now) {
        Instant windowStart = now.minus(WINDOW);
        return sentAt.stream().filter(sent -> sent.isAfter(windowStart)).count() < MAX_PER_HOUR;
    }

    /** One more message, sent {@code at}; those that fell out of the window are forgotten. */
    RecentSends recorded(Instant at) {
        Instant windowStart = at.minus(WINDOW);
        return new RecentSends(Stream.concat(
                sentAt.stream().filter(sent -> !sent.isBefore(windowStart)), Stream.of(at)).toList());
    }
}
