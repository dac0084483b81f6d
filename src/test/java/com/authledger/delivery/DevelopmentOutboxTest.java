package com.authledger.delivery;

import com.authledger.pool.SmsSender;
import com.authledger.sms.SmsMessage;
import com.authledger.support.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DevelopmentOutboxTest {

    private static final SmsSender SENDER = new SmsSender("arn:aws:iam::123456789012:role/sms", "ext", "eu-west-1");

    @Test
    void theOutboxKeepsTheNewestMessagesFirstUpToItsCapacity() {
        DevelopmentOutbox outbox = new DevelopmentOutbox(2, new MutableClock(Instant.parse("2026-03-01T09:00:00Z")));
        for (int i = 1; i <= 3; i++) {
            outbox.deliver(new SmsMessage("p", SENDER, "+1555555010" + i, "code " + i, "sign-in"));
        }

        assertThat(outbox.messages()).extracting(DevelopmentOutbox.Delivered::text).containsExactly("code 3", "code 2");
    }
}
