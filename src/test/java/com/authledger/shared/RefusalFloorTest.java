package com.authledger.shared;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A refusal waits out its floor from the request's arrival; an interrupt ends the wait and stays set. */
class RefusalFloorTest {

    @Test
    void aRefusalAnswersNoSoonerThanTheFloorAfterItsRequestArrived() {
        long started = System.nanoTime() - Duration.ofMillis(150).toNanos();
        RefusalFloor.await(started);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(RefusalFloor.FLOOR);
    }

    @Test
    void workPastTheFloorWaitsNoMoreThanTheJitter() {
        long started = System.nanoTime() - RefusalFloor.FLOOR.plus(RefusalFloor.JITTER).toNanos();
        long before = System.nanoTime();
        RefusalFloor.await(started);
        assertThat(System.nanoTime() - before).as("no wait once floor and jitter have passed")
                .isLessThan(RefusalFloor.FLOOR.toNanos());
    }

    @Test
    void anInterruptEndsTheWaitAndStaysSet() {
        Thread.currentThread().interrupt();
        long started = System.nanoTime();
        RefusalFloor.await(started);
        assertThat(Thread.interrupted()).as("the interrupt is still set (and cleared here)").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(RefusalFloor.FLOOR);
    }
}
