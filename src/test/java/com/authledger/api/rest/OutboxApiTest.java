package com.authledger.api.rest;

import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.email.EmailMessage;
import com.authledger.message.Deliveries;
import com.authledger.message.OutboundMessage;
import com.authledger.pool.SmsSender;
import com.authledger.sms.SmsMessage;
import com.authledger.support.IntegrationTest;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;

import static com.authledger.api.rest.RestFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The development outbox holds text messages and emails, and is readable by admin keys only: it shows codes. */
@IntegrationTest
class OutboxApiTest {

    @LocalServerPort
    int port;

    @Autowired
    DevelopmentOutbox outbox;

    @Autowired
    Deliveries deliveries;

    @Test
    void adminsReadTheOutboxNewestFirstAndAuditorsAreRefused() {
        outbox.deliver(new SmsMessage("us-east-1_Pool12345", new SmsSender("role", null, "us-east-1"),
                "+15555550100", "Your code is 654321", "sign-in"));
        outbox.deliver(new EmailMessage("us-east-1_Pool12345", "alice@shop.example", "Your verification code",
                "Your code is 112233", "verify-email"));

        TestApi.Response read = TestApi.admin(port).get("/api/v1/dev/outbox");

        assertThat(read.status()).isEqualTo(200);
        JsonNode email = read.json().path("items").get(0);
        assertThat(email.path("channel").asText()).isEqualTo("EMAIL");
        assertThat(email.path("destination").asText()).isEqualTo("alice@shop.example");
        assertThat(email.path("subject").asText()).isEqualTo("Your verification code");
        assertThat(email.path("text").asText()).isEqualTo("Your code is 112233");
        JsonNode sms = read.json().path("items").get(1);
        assertThat(sms.path("channel").asText()).isEqualTo("SMS");
        assertThat(sms.path("text").asText()).isEqualTo("Your code is 654321");
        assertThat(sms.has("subject")).isFalse();
        assertProblem(TestApi.auditor(port).get("/api/v1/dev/outbox"), 403, "Forbidden");
        assertProblem(TestApi.anonymous(port).get("/api/v1/dev/outbox"), 401, "Unauthenticated");
    }

    @Test
    void theServicesDeliveriesReachTheOutboxOnBothChannels() {
        deliveries.afterCommit(OutboundMessage.email("us-east-1_Pool12345", "bob@shop.example", "Welcome",
                "Your code is 445566", "sign-up"));
        deliveries.afterCommit(OutboundMessage.sms("us-east-1_Pool12345", new SmsSender("role", null, "us-east-1"),
                "+15555550177", "Your code is 778899", "verify-phone"));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                TestApi.admin(port).get("/api/v1/dev/outbox").json().path("items").findValuesAsText("text"))
                .contains("Your code is 445566", "Your code is 778899"));
    }
}
