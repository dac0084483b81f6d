package com.authledger.shared;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A refusal answered no sooner than a floor after its request arrived, so that its timing tells nothing: a wrong
 * password for a user who exists from one for a name that does not, a wrong code from a user past confirmation. The
 * work behind either refusal takes a few milliseconds, and differently; the floor is far above both. What is left
 * after the floor (a fraction of a millisecond: the work a known user's failure leaves for the projections) is
 * drowned by a random jitter of up to {@link #JITTER}, which an attacker could average out only over hundreds of
 * tries per name, far past the lockout and the guess limits.
 */
public final class RefusalFloor {

    /** The floor of the refusals that must not tell a known name from an unknown one. */
    public static final Duration FLOOR = Duration.ofMillis(200);
    /** A random delay of up to this much on top of the floor. */
    public static final Duration JITTER = Duration.ofMillis(5);

    private RefusalFloor() {
    }

    /**
     * Waits until {@link #FLOOR} and a random part of {@link #JITTER} have passed since {@code startedNanos}
     * ({@link System#nanoTime()}), to the microsecond (parking, not {@code Thread.sleep}, which rounds to
     * milliseconds). An interrupt ends the wait early and stays set.
     */
    public static void await(long startedNanos) {
        long until = startedNanos + FLOOR.toNanos() + ThreadLocalRandom.current().nextLong(JITTER.toNanos());
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }
}
