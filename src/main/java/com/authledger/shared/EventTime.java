package com.authledger.shared;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The time an aggregate stamps on its events. */
public final class EventTime {

    private EventTime() {
    }

    /** Microseconds: what TIMESTAMP WITH TIME ZONE keeps on H2 and PostgreSQL, so projections read back the same. */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
