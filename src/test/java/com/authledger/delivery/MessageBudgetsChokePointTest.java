package com.authledger.delivery;

import com.authledger.infra.RequestMetadata;
import com.authledger.message.MessageBudgets;
import com.authledger.message.MessageContext;
import com.authledger.message.OutboundMessage;
import com.authledger.message.RecordingMessageBudgets;
import com.authledger.pool.SmsSender;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.LimitReached;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every message passes the message budgets on the caller's thread, before the command commits, with what a budget
 * is drawn against; a budget that refuses fails the command and the message is never sent.
 */
class MessageBudgetsChokePointTest {

    private static final String POOL = "us-east-1_Pool12345";
    private static final SmsSender SENDER = new SmsSender("arn:aws:iam::123456789012:role/sms", null, "eu-west-1");
    private static final OutboundMessage SMS = OutboundMessage.sms(POOL, SENDER, "+15555550123", "code 1",
            "verify-phone");
    private static final OutboundMessage EMAIL = OutboundMessage.email(POOL, "alice@shop.example", "Code", "code 2",
            "sign-up");

    private final List<MessageContext> drawn = new CopyOnWriteArrayList<>();
    private final List<Object> sent = new CopyOnWriteArrayList<>();
    private AfterCommitDeliveries deliveries = new AfterCommitDeliveries(new RecordingMessageBudgets(drawn,
            context -> context.purpose().equals("over-budget")), sent::add, sent::add, 1, 10, Duration.ofSeconds(5));

    @AfterEach
    void cleanUp() {
        deliveries.close();
        while (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().rollback();
        }
    }

    @Test
    void everyMessageIsDrawnOnTheCallersThreadWithItsPoolChannelDestinationAndPurpose() {
        deliveries.afterCommit(SMS);
        deliveries.afterCommit(EMAIL.forUser("sub-1"));

        assertThat(drawn).containsExactly(
                new MessageContext(POOL, null, null, OutboundMessage.Channel.SMS, "+15555550123", "verify-phone",
                        OutboundMessage.Kind.CODE),
                new MessageContext(POOL, "sub-1", null, OutboundMessage.Channel.EMAIL, "alice@shop.example",
                        "sign-up", OutboundMessage.Kind.CODE));
    }

    @Test
    void theSourceAddressIsTheEndUsersOfTheCommandBeingHandled() {
        UnitOfWork<?> command = DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage("a command")
                .andMetaData(new RequestMetadata("apikey:shop", "192.0.2.1", null, "r-1", null)
                        .onBehalfOf("203.0.113.9").toMetaData()));

        deliveries.afterCommit(SMS);
        // a sender that knows the end user's address (a sign-in's context) names it
        deliveries.afterCommit(SMS.from("203.0.113.10"));

        assertThat(drawn).extracting(MessageContext::sourceAddress).containsExactly("203.0.113.9", "203.0.113.10");
        command.commit();
    }

    @Test
    void anAdministratorsCommandHasNoSourceAddress() {
        UnitOfWork<?> command = DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage("a command")
                .andMetaData(new RequestMetadata("apikey:ops", "192.0.2.1", null, "r-1", null).toMetaData()));

        deliveries.afterCommit(SMS);

        assertThat(drawn).singleElement().extracting(MessageContext::sourceAddress).isNull();
        command.commit();
    }

    @Test
    void aNoticePastItsBudgetsIsDroppedWithoutFailingTheCall() {
        assertThat(deliveries.afterCommit(SMS.asNotice())).isTrue();
        OutboundMessage over = OutboundMessage.sms(POOL, SENDER, "+15555550124", "notice", "over-budget").asNotice();
        assertThat(deliveries.afterCommit(over)).isFalse();

        deliveries.close();
        assertThat(sent).hasSize(1);
        assertThat(drawn).extracting(MessageContext::kind).containsOnly(OutboundMessage.Kind.NOTICE);
    }

    @Test
    void aRefusingBudgetFailsTheCallAndNothingIsSent() {
        deliveries.close();
        deliveries = new AfterCommitDeliveries(new MessageBudgets() {
            @Override
            public boolean draw(MessageContext context) {
                throw new LimitReached(ErrorCode.LimitExceeded, "Too many messages to this destination.",
                        Duration.ofMinutes(1));
            }

            @Override
            public void requireOpen(String poolId, String sourceAddress) {
            }
        }, sent::add, sent::add, 1, 10, Duration.ofSeconds(5));

        assertThatThrownBy(() -> deliveries.afterCommit(SMS)).isInstanceOf(AuthledgerException.class)
                .extracting(refusal -> ((AuthledgerException) refusal).code()).isEqualTo(ErrorCode.LimitExceeded);
        deliveries.close();
        assertThat(sent).isEmpty();
    }

    @Test
    void theContextNeverPrintsTheDestination() {
        assertThat(MessageContext.of(SMS).toString()).doesNotContain("+15555550123");
    }
}
