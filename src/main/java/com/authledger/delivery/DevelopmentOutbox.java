package com.authledger.delivery;

import com.authledger.email.EmailMessage;
import com.authledger.sms.SmsMessage;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The development transport for both channels: keeps the last messages (text messages and emails) in memory, where a
 * developer (with an admin key) reads them at GET /api/v1/dev/outbox instead of receiving them on a phone or in a
 * mailbox. It is the transport of a channel only when that channel's transport is {@code outbox}
 * (authledger.sms.transport, authledger.email.transport); never configured by default outside the embedded default.
 */
public final class DevelopmentOutbox {

    public enum Channel { SMS, EMAIL }

    /** @param subject null for a text message */
    public record Delivered(Instant at, Channel channel, String poolId, String destination, String subject,
                            String text, String purpose) {
    }

    private final int capacity;
    private final Clock clock;
    private final Deque<Delivered> messages = new ArrayDeque<>();

    public DevelopmentOutbox(int capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
    }

    public void deliver(SmsMessage message) {
        keep(new Delivered(clock.instant(), Channel.SMS, message.poolId(), message.destination(), null,
                message.text(), message.purpose()));
    }

    public void deliver(EmailMessage message) {
        keep(new Delivered(clock.instant(), Channel.EMAIL, message.poolId(), message.destination(),
                message.subject(), message.text(), message.purpose()));
    }

    private synchronized void keep(Delivered delivered) {
        messages.addLast(delivered);
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
