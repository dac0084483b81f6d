package com.authledger.api.rest;

import com.authledger.pool.SmsSender;
import com.authledger.sms.DevelopmentOutbox;
import com.authledger.sms.SmsMessage;
import com.authledger.support.IntegrationTest;
import com.authledger.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static com.authledger.api.rest.RestFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The development outbox is readable by admin keys only: it shows one-time codes. */
@IntegrationTest
class OutboxApiTest {

    @LocalServerPort
    int port;

    @Autowired
    DevelopmentOutbox outbox;

    @Test
    void adminsReadTheOutboxNewestFirstAndAuditorsAreRefused() {
        outbox.deliver(new SmsMessage("us-east-1_Pool12345", new SmsSender("role", null, "us-east-1"),
                "+15555550100", "Your code is 654321", "sign-in"));

        TestApi.Response read = TestApi.admin(port).get("/api/v1/dev/outbox");

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("items").get(0).path("text").asText()).isEqualTo("Your code is 654321");
        assertProblem(TestApi.auditor(port).get("/api/v1/dev/outbox"), 403, "Forbidden");
        assertProblem(TestApi.anonymous(port).get("/api/v1/dev/outbox"), 401, "Unauthenticated");
    }
}
