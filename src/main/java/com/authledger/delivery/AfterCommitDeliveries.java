package com.authledger.delivery;

import com.authledger.email.EmailMessage;
import com.authledger.email.EmailTransport;
import com.authledger.message.Deliveries;
import com.authledger.message.MessageBudgets;
import com.authledger.message.MessageContext;
import com.authledger.message.OutboundMessage;
import com.authledger.shared.TransportFailure;
import com.authledger.sms.SmsMessage;
import com.authledger.sms.SmsTransport;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link Deliveries} of the service. Every message first draws from the {@link MessageBudgets}, on the caller's
 * thread: a code past a budget is refused (thrown to the command, which then appends nothing), a notice past its
 * budgets is dropped. It is handed over once the work that
 * decided to send it has committed: inside an Axon unit of work after its commit (Axon commits the database
 * transaction in the commit phase, so a rolled-back command sends nothing); else inside a Spring transaction after it
 * commits; else at once. It is then delivered on a small bounded pool of threads, off the caller's thread: SMS through
 * the {@link SmsTransport}, email through the {@link EmailTransport}. When the queue is full the message is dropped
 * with a warning; on close the pool drains for a short while.
 *
 * <p>Log lines name the pool, the channel and the purpose only: never the destination or the text. A transport's
 * failure is logged with its message only when it is a {@link TransportFailure} (whose message is safe by contract);
 * any other failure by its class alone, since providers' messages may quote the number or the address. Nothing is
 * rethrown to the caller.
 */
public final class AfterCommitDeliveries implements Deliveries, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AfterCommitDeliveries.class);

    private final MessageBudgets budgets;
    private final SmsTransport sms;
    private final EmailTransport email;
    private final ThreadPoolExecutor executor;
    private final Duration drainTimeout;

    /**
     * @param budgets       what every message draws from before it is accepted
     * @param sms           null when no SMS transport is configured: text messages are dropped with a warning
     * @param email         null when no email transport is configured: emails are dropped with a warning
     * @param threads       delivery threads
     * @param queueCapacity messages waiting for a thread, beyond which new ones are dropped
     * @param drainTimeout  how long {@link #close()} lets queued messages go out
     */
    public AfterCommitDeliveries(MessageBudgets budgets, SmsTransport sms, EmailTransport email, int threads,
                                 int queueCapacity, Duration drainTimeout) {
        if (threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("Deliveries need at least one thread and a queue of at least one");
        }
        this.budgets = Objects.requireNonNull(budgets);
        this.sms = sms;
        this.email = email;
        this.drainTimeout = Objects.requireNonNull(drainTimeout);
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), new DeliveryThreads(), new ThreadPoolExecutor.AbortPolicy());
        this.executor.allowCoreThreadTimeOut(true);
    }

    @Override
    public boolean afterCommit(OutboundMessage message) {
        check(message);
        if (!budgets.draw(MessageContext.of(message))) {
            return false;
        }
        if (CurrentUnitOfWork.isStarted()) {
            UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
            if (unitOfWork.phase().isAfter(UnitOfWork.Phase.AFTER_COMMIT)) {
                // the unit of work is already past its commit (its cleanup): sent now unless it rolled back
                if (!unitOfWork.isRolledBack()) {
                    submit(message);
                }
                return true;
            }
            unitOfWork.afterCommit(committed -> submit(message));
        } else if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    submit(message);
                }
            });
        } else {
            submit(message);
        }
        return true;
    }

    /** A message that cannot be sent is a programming error: refused on the caller's thread, naming the field. */
    private static void check(OutboundMessage message) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(message.channel(), "channel");
        Objects.requireNonNull(message.destination(), "destination");
        Objects.requireNonNull(message.text(), "text");
        Objects.requireNonNull(message.purpose(), "purpose");
        if (message.channel() == OutboundMessage.Channel.SMS) {
            Objects.requireNonNull(message.sender(), "sender (the pool's SMS sender)");
        } else {
            Objects.requireNonNull(message.subject(), "subject");
        }
    }

    private void submit(OutboundMessage message) {
        try {
            executor.execute(() -> deliver(message));
        } catch (RejectedExecutionException refused) {
            log.warn("Dropped the {} message for {} of pool {}: {}", message.channel(), message.purpose(),
                    message.poolId(), executor.isShutdown() ? "the service is shutting down"
                            : "the delivery queue is full");
        }
    }

    private void deliver(OutboundMessage message) {
        try {
            switch (message.channel()) {
                case SMS -> {
                    if (sms == null) {
                        notConfigured(message, "authledger.sms.transport");
                        return;
                    }
                    sms.deliver(new SmsMessage(message.poolId(), message.sender(), message.destination(),
                            message.text(), message.purpose()));
                }
                case EMAIL -> {
                    if (email == null) {
                        notConfigured(message, "authledger.email.transport");
                        return;
                    }
                    email.deliver(new EmailMessage(message.poolId(), message.destination(), message.subject(),
                            message.text(), message.purpose()));
                }
            }
            log.debug("Delivered the {} message for {} of pool {}", message.channel(), message.purpose(),
                    message.poolId());
        } catch (Exception failure) {
            log.warn("Could not deliver the {} message for {} of pool {}: {}", message.channel(), message.purpose(),
                    message.poolId(), describe(failure));
        }
    }

    private static void notConfigured(OutboundMessage message, String property) {
        log.warn("No {} transport is configured ({}): the message for {} of pool {} was not sent",
                message.channel(), property, message.purpose(), message.poolId());
    }

    /** Only a TransportFailure's message is safe to log; anything else is named by its class. */
    static String describe(Throwable failure) {
        if (failure instanceof TransportFailure) {
            return failure.getMessage();
        }
        return failure.getClass().getName();
    }

    /** Stops taking messages and lets the queued ones go out, for at most the drain timeout. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                int left = executor.shutdownNow().size();
                log.warn("Stopped delivering with {} queued messages not sent", left);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static final class DeliveryThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "authledger-delivery-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
