package com.authledger.api.rest;

import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.message.MessageBudgets;
import com.authledger.message.MessageContext;
import com.authledger.message.OutboundMessage;
import com.authledger.message.RecordingMessageBudgets;
import com.authledger.support.IntegrationTest;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's deliveries draw every message from the {@link MessageBudgets} bean, with the pool, the user whose
 * command sent it and the address of the request that caused it.
 */
@IntegrationTest
@Import(MessageBudgetsWiringTest.Recording.class)
class MessageBudgetsWiringTest {

    @TestConfiguration
    static class Recording {
        final List<MessageContext> drawn = new CopyOnWriteArrayList<>();

        @Bean
        @Primary
        MessageBudgets recordingBudgets() {
            return new RecordingMessageBudgets(drawn);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    DevelopmentOutbox outbox;

    @Autowired
    Recording recording;

    @Test
    void aVerificationCodeIsDrawnForItsPoolUserAndSourceAddress() {
        TestApi api = TestApi.admin(port);
        String poolId = UserFixtures.smsAndTotpPool(api);
        String phone = "+15555550190";

        JsonNode user = UserFixtures.userWithVerifiedPhone(api, outbox, poolId, "carol", phone);

        assertThat(recording.drawn).contains(new MessageContext(poolId, user.path("sub").asText(), "127.0.0.1",
                OutboundMessage.Channel.SMS, phone, "VERIFY_PHONE_NUMBER", OutboundMessage.Kind.CODE));
    }
}
