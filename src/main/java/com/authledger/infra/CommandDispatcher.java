package com.authledger.infra;

import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one way adapters send commands: with the caller's metadata attached, and with a lost append race (another
 * node wrote the same aggregate first) retried against the fresh state, a few times, before giving up.
 */
@Component
public class CommandDispatcher {

    static final int ATTEMPTS = 4;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CommandDispatcher.class);

    static final int BACKGROUND_QUEUE = 1000;

    private final CommandGateway gateway;
    private final ThreadPoolExecutor background = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(BACKGROUND_QUEUE), runnable -> {
                Thread thread = new Thread(runnable, "background-commands");
                thread.setDaemon(true);
                return thread;
            });

    public CommandDispatcher(CommandGateway gateway) {
        this.gateway = gateway;
    }

    /**
     * Runs a command off the request thread, for answers that must depend neither on its outcome nor on its timing
     * (the command bus runs a command in the thread that sends it). Bounded: past {@link #BACKGROUND_QUEUE} waiting
     * commands a new one is dropped with a warning. A failure is logged by its class only.
     */
    public void dispatch(Object command, RequestMetadata origin) {
        try {
            background.execute(() -> {
                try {
                    send(command, origin, new AuthledgerException(ErrorCode.NotFound, "gone"));
                } catch (RuntimeException failure) {
                    log.warn("{} failed after the answer was sent: {}", command.getClass().getSimpleName(),
                            failure.getClass().getSimpleName());
                }
            });
        } catch (RejectedExecutionException full) {
            log.warn("{} dropped: {} background commands are waiting already", command.getClass().getSimpleName(),
                    BACKGROUND_QUEUE);
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        background.shutdown();
        background.awaitTermination(5, TimeUnit.SECONDS);
    }

    /**
     * @param notFound what to answer when the command targets an aggregate that does not exist
     */
    public <R> R send(Object command, RequestMetadata origin, AuthledgerException notFound) {
        for (int attempt = 1; ; attempt++) {
            try {
                return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                        .andMetaData(origin.toMetaData()));
            } catch (ConcurrencyException raced) {
                if (attempt == ATTEMPTS) {
                    throw new AuthledgerException(ErrorCode.ConcurrentModification,
                            "Another change to the same resource won the race repeatedly; try again.");
                }
            } catch (AggregateStreamCreationException taken) {
                // a new aggregate's id was already in use: for generated ids, a one in 10^16 event
                throw new AuthledgerException(ErrorCode.ConcurrentModification,
                        "The generated identifier was already taken; send the request again.");
            } catch (AggregateNotFoundException missing) {
                throw notFound;
            } catch (CommandExecutionException wrapped) {
                if (wrapped.getCause() instanceof AuthledgerException refusal) {
                    throw refusal;
                }
                throw wrapped;
            }
        }
    }
}
