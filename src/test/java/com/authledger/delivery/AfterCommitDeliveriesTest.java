package com.authledger.delivery;

import com.authledger.email.EmailMessage;
import com.authledger.message.MessageBudgets;
import com.authledger.message.OutboundMessage;
import com.authledger.pool.SmsSender;
import com.authledger.shared.TransportFailure;
import com.authledger.sms.SmsMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Messages leave after the unit of work (or transaction) that decided them commits, never after a rollback, on the
 * delivery threads; failures stay there, and no log line carries a destination or a text.
 */
@ExtendWith(OutputCaptureExtension.class)
class AfterCommitDeliveriesTest {

    private static final String POOL = "us-east-1_Pool12345";
    private static final String PHONE = "+15555550123";
    private static final String ADDRESS = "alice@shop.example";
    private static final String CODE_TEXT = "Your code is 987654";
    private static final SmsSender SENDER = new SmsSender("arn:aws:iam::123456789012:role/sms", "ext-1",
            "eu-west-1");
    private static final OutboundMessage SMS = OutboundMessage.sms(POOL, SENDER, PHONE, CODE_TEXT, "sign-in");
    private static final OutboundMessage EMAIL = OutboundMessage.email(POOL, ADDRESS, "Your verification code",
            CODE_TEXT, "verify-email");

    /** What the transports received, and on which thread. */
    private final List<Object> delivered = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    private AfterCommitDeliveries deliveries = recording();

    @AfterEach
    void cleanUp(CapturedOutput output) {
        deliveries.close();
        while (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().rollback();
        }
        assertThat(output.getAll()).doesNotContain(PHONE, ADDRESS, CODE_TEXT, "987654");
    }

    private AfterCommitDeliveries recording() {
        return new AfterCommitDeliveries(MessageBudgets.NONE, message -> record(message), message -> record(message),
                2, 100, Duration.ofSeconds(5));
    }

    private void record(Object message) {
        threads.add(Thread.currentThread().getName());
        delivered.add(message);
    }

    @Test
    void insideAUnitOfWorkTheMessageLeavesOnlyAfterTheCommitOnADeliveryThread() {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.onCommit(u -> assertThat(delivered).as("nothing before the commit phase ends").isEmpty());

        deliveries.afterCommit(SMS);
        deliveries.afterCommit(EMAIL);

        assertThat(delivered).isEmpty();
        unitOfWork.commit();
        deliveries.close();
        assertThat(delivered).containsExactlyInAnyOrder(
                new SmsMessage(POOL, SENDER, PHONE, CODE_TEXT, "sign-in"),
                new EmailMessage(POOL, ADDRESS, "Your verification code", CODE_TEXT, "verify-email"));
        assertThat(threads).allMatch(name -> name.startsWith("authledger-delivery-"));
    }

    @Test
    void aRolledBackUnitOfWorkSendsNothing() {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        deliveries.afterCommit(SMS);
        deliveries.afterCommit(EMAIL);

        unitOfWork.rollback();
        deliveries.close();

        assertThat(delivered).isEmpty();
    }

    @Test
    void aNestedUnitOfWorkWaitsForTheOutermostCommit() {
        UnitOfWork<?> outer = DefaultUnitOfWork.startAndGet(null);
        UnitOfWork<?> inner = DefaultUnitOfWork.startAndGet(null);
        deliveries.afterCommit(SMS);
        inner.commit();

        assertThat(delivered).isEmpty();
        outer.rollback();
        deliveries.close();
        assertThat(delivered).isEmpty();
    }

    @Test
    void insideASpringTransactionTheMessageLeavesAfterTheCommitAndNeverAfterARollback() {
        TransactionTemplate transactions = new TransactionTemplate(new NoResourceTransactionManager());

        transactions.executeWithoutResult(status -> {
            deliveries.afterCommit(SMS);
            status.setRollbackOnly();
        });
        transactions.executeWithoutResult(status -> {
            deliveries.afterCommit(EMAIL);
            assertThat(delivered).isEmpty();
        });
        deliveries.close();

        assertThat(delivered).containsExactly(
                new EmailMessage(POOL, ADDRESS, "Your verification code", CODE_TEXT, "verify-email"));
    }

    @Test
    void withoutAUnitOfWorkOrATransactionTheMessageLeavesAtOnceOffTheCallersThread() {
        deliveries.afterCommit(SMS);
        deliveries.close();

        assertThat(delivered).containsExactly(new SmsMessage(POOL, SENDER, PHONE, CODE_TEXT, "sign-in"));
        assertThat(threads).containsExactly("authledger-delivery-1");
    }

    @Test
    void transportFailuresStayOnTheDeliveryThreadAndAreLoggedWithoutDestinationOrText(CapturedOutput output) {
        deliveries = new AfterCommitDeliveries(MessageBudgets.NONE,
                message -> {
                    throw new IllegalStateException("Invalid parameter: PhoneNumber " + message.destination()
                            + " rejected " + message.text());
                },
                message -> {
                    throw new TransportFailure("The SMTP server refused the configured credentials");
                }, 2, 100, Duration.ofSeconds(5));

        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        deliveries.afterCommit(SMS);
        deliveries.afterCommit(EMAIL);
        unitOfWork.commit();
        deliveries.afterCommit(SMS);
        deliveries.close();

        assertThat(output.getAll())
                .contains("Could not deliver the SMS message for sign-in of pool " + POOL
                        + ": java.lang.IllegalStateException")
                .contains("Could not deliver the EMAIL message for verify-email of pool " + POOL
                        + ": The SMTP server refused the configured credentials")
                .doesNotContain(PHONE, ADDRESS, CODE_TEXT, "Invalid parameter");
    }

    @Test
    void withoutATransportForTheChannelAWarningNamesOnlyPoolAndPurpose(CapturedOutput output) {
        deliveries = new AfterCommitDeliveries(MessageBudgets.NONE, null, null, 2, 100, Duration.ofSeconds(5));

        deliveries.afterCommit(SMS);
        deliveries.afterCommit(EMAIL);
        deliveries.close();

        assertThat(output.getAll())
                .contains("No SMS transport is configured (authledger.sms.transport): the message for sign-in of "
                        + "pool " + POOL + " was not sent")
                .contains("No EMAIL transport is configured (authledger.email.transport): the message for "
                        + "verify-email of pool " + POOL + " was not sent");
    }

    @Test
    void whenTheQueueIsFullNewMessagesAreDroppedWithAWarning(CapturedOutput output) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        deliveries = new AfterCommitDeliveries(MessageBudgets.NONE, message -> {
            started.countDown();
            await(release);
            record(message);
        }, null, 1, 1, Duration.ofSeconds(5));

        deliveries.afterCommit(SMS);          // on the thread, blocked
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        deliveries.afterCommit(SMS);          // queued
        deliveries.afterCommit(SMS);          // dropped
        release.countDown();
        deliveries.close();

        assertThat(delivered).hasSize(2);
        assertThat(output.getAll()).contains("Dropped the SMS message for sign-in of pool " + POOL
                + ": the delivery queue is full");
    }

    @Test
    void closingDrainsQueuedMessagesAndRefusesNewOnes(CapturedOutput output) {
        for (int i = 0; i < 20; i++) {
            deliveries.afterCommit(SMS);
        }
        deliveries.close();
        deliveries.afterCommit(EMAIL);

        assertThat(delivered).hasSize(20);
        assertThat(output.getAll()).contains("Dropped the EMAIL message for verify-email of pool " + POOL
                + ": the service is shutting down");
    }

    @Test
    void aMessageThatCannotBeSentIsRefusedOnTheCallersThread() {
        assertThatThrownBy(() -> deliveries.afterCommit(OutboundMessage.sms(POOL, null, PHONE, CODE_TEXT, "sign-in")))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("sender")
                .hasMessageNotContaining(PHONE);
        assertThatThrownBy(() -> deliveries.afterCommit(OutboundMessage.email(POOL, ADDRESS, null, CODE_TEXT, "x")))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("subject");
        assertThat(SMS.toString()).doesNotContain(PHONE, CODE_TEXT);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A transaction manager with no resource: enough to drive Spring's transaction synchronization. */
    private static final class NoResourceTransactionManager extends AbstractPlatformTransactionManager {
        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
        }
    }
}
