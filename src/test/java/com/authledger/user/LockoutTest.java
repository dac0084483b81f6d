package com.authledger.user;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The lockout rule alone: five free failures, then 2^(n-5) seconds, at most 15 minutes, forgotten after 15 quiet. */
class LockoutTest {

    private static final Instant LAST = Instant.parse("2026-03-01T09:00:00Z");

    @Test
    void fiveFailuresAreFreeTheFifthStartsTheWait() {
        assertThat(Lockout.lockedUntil(4, LAST, LAST)).isNull();
        assertThat(Lockout.lockedUntil(5, LAST, LAST)).isEqualTo(LAST.plusSeconds(1));
        assertThat(Lockout.lockedUntil(5, LAST, LAST.plusMillis(999))).isEqualTo(LAST.plusSeconds(1));
        assertThat(Lockout.lockedUntil(5, LAST, LAST.plusSeconds(1))).as("the wait is over at its end").isNull();
    }

    @Test
    void eachFurtherFailureDoublesTheWaitUpToFifteenMinutes() {
        assertThat(Lockout.wait(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Lockout.wait(6)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Lockout.wait(7)).isEqualTo(Duration.ofSeconds(4));
        assertThat(Lockout.wait(14)).isEqualTo(Duration.ofSeconds(512));
        assertThat(Lockout.wait(15)).as("2^10 s is past the cap").isEqualTo(Duration.ofMinutes(15));
        assertThat(Lockout.wait(40)).isEqualTo(Duration.ofMinutes(15));
        assertThat(Lockout.wait(Integer.MAX_VALUE)).as("no overflow").isEqualTo(Duration.ofMinutes(15));
        assertThat(Lockout.lockedUntil(6, LAST, LAST.plusMillis(1999))).isEqualTo(LAST.plusSeconds(2));
        assertThat(Lockout.lockedUntil(6, LAST, LAST.plusSeconds(2))).isNull();
        assertThat(Lockout.lockedUntil(30, LAST, LAST.plus(Duration.ofMinutes(15)).minusMillis(1)))
                .isEqualTo(LAST.plus(Duration.ofMinutes(15)));
    }

    @Test
    void fifteenQuietMinutesForgetTheFailures() {
        assertThat(Lockout.counted(7, LAST, LAST.plus(Duration.ofMinutes(15)).minusMillis(1))).isEqualTo(7);
        assertThat(Lockout.counted(7, LAST, LAST.plus(Duration.ofMinutes(15)))).isZero();
        assertThat(Lockout.counted(0, null, LAST)).isZero();
        assertThat(Lockout.lockedUntil(30, LAST, LAST.plus(Duration.ofMinutes(15)))).isNull();
    }
}
