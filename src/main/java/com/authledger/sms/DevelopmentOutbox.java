package com.authledger.sms;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The development transport: keeps the last messages in memory, where a developer (with an admin key) reads them at
 * GET /api/v1/dev/outbox instead of receiving them on a phone. Never configured by default outside the embedded
 * default.
 */
public final class DevelopmentOutbox implements SmsTransport {

    public record Delivered(Instant at, String poolId, String destination, String text, String purpose) {
    }

    private final int capacity;
    private final Clock clock;
    private final Deque<Delivered> messages = new ArrayDeque<>();

    public DevelopmentOutbox(int capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
    }

    @Override
    public synchronized void deliver(SmsMessage message) {
        messages.addLast(new Delivered(clock.instant(), message.poolId(), message.destination(), message.text(),
                message.purpose()));
        while (messages.size() > capacity) {
            messages.removeFirst();
        }
    }

    /** Newest first. */
    public synchronized List<Delivered> messages() {
        List<Delivered> newestFirst = new ArrayList<>(messages.size());
        messages.descendingIterator().forEachRemaining(newestFirst::add);
        return newestFirst;
    }
}
