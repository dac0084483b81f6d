package com.authledger.infra;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Lets a writer wait until a projection has committed the event it just caused, so that a client reading after a
 * write sees its own write (projections run in streaming processors, a few milliseconds behind the event store).
 * Every event handler's unit of work reports, after its commit, which (aggregate, sequence number) it handled.
 *
 * <p>Waiting is exact and costs no polling on the node whose processor holds the segment. When another node holds
 * it, the writer looks into the projection itself every 50 ms; that node's processor sees the event within its
 * event store's fetch delay (one second). Past the timeout the write answers anyway.
 */
@Component
public class ProjectionProgress {

    private static final int RECENT = 8192;
    static final Duration CHECK_EVERY = Duration.ofMillis(50);

    private record Handled(String processor, String aggregateId, long sequenceNumber) {
    }

    private final Map<Handled, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private final Map<Handled, Boolean> recent = new LinkedHashMap<>(RECENT * 2, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Handled, Boolean> eldest) {
            return size() > RECENT;
        }
    };

    /**
     * True once {@code processor} committed the event, false if that took longer than {@code timeout}. When this
     * node's processor does not report it quickly (another node may hold the segment), {@code visibleInStore} is
     * asked every {@link #CHECK_EVERY} instead.
     */
    public boolean await(String processor, String aggregateId, long sequenceNumber, Duration timeout,
                         BooleanSupplier visibleInStore) {
        Handled key = new Handled(processor, aggregateId, sequenceNumber);
        CompletableFuture<Void> done = waiting.computeIfAbsent(key, k -> new CompletableFuture<>());
        synchronized (recent) {
            if (recent.containsKey(key)) {
                waiting.remove(key, done);
                return true;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    done.get(Math.min(left, CHECK_EVERY.toNanos()), TimeUnit.NANOSECONDS);
                    return true;
                } catch (TimeoutException e) {
                    if (visibleInStore.getAsBoolean()) {
                        return true;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            waiting.remove(key, done);
        }
    }

    void handled(String processor, String aggregateId, long sequenceNumber) {
        Handled key = new Handled(processor, aggregateId, sequenceNumber);
        synchronized (recent) {
            recent.put(key, Boolean.TRUE);
        }
        CompletableFuture<Void> done = waiting.remove(key);
        if (done != null) {
            done.complete(null);
        }
    }

    @Bean
    static ConfigurerModule projectionProgressReporting(ProjectionProgress progress) {
        return configurer -> configurer.eventProcessing(processing -> processing.registerDefaultHandlerInterceptor(
                (configuration, processorName) -> new Reporter(processorName, progress)));
    }

    private record Reporter(String processor, ProjectionProgress progress)
            implements MessageHandlerInterceptor<EventMessage<?>> {
        @Override
        public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain)
                throws Exception {
            if (unitOfWork.getMessage() instanceof DomainEventMessage<?> event) {
                unitOfWork.afterCommit(u -> progress.handled(processor, event.getAggregateIdentifier(),
                        event.getSequenceNumber()));
            }
            return chain.proceed();
        }
    }
}
