package com.authledger.support;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits, explicitly and with a deadline, until a streaming event processor has committed everything the event store
 * held when the wait began, and replays a processor from the start. No sleeping on a guess: the processor's own
 * status is polled (every few milliseconds, by parking the thread) until it says so, or the deadline fails the test
 * with the status it last saw.
 *
 * <p>A segment counts as caught up when its token covers the head token and it is not mid-replay. Axon keeps a
 * finished replay's {@code ReplayToken} (still "replaying") until an event after the reset point arrives, so a
 * segment that is replaying but has reached the head ({@link EventTrackerStatus#isCaughtUp()}) counts as done, which
 * is also how {@link StreamingEventProcessor#isReplaying()} reads it. Statuses are updated after the processor's
 * transaction commits, so a covered head means the projection's rows are visible. A token with gaps (global indexes
 * of appends that rolled back, such as a lost append race) is past the head once no committed event is in them.
 */
public final class ProjectionsCaughtUp {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_NANOS = Duration.ofMillis(5).toNanos();

    private ProjectionsCaughtUp() {
    }

    /** Waits until {@code processorName} has handled every event the store holds now. */
    public static void await(EventProcessingConfiguration processing, EventStore eventStore, String processorName) {
        await(processing, eventStore, processorName, DEFAULT_TIMEOUT);
    }

    public static void await(EventProcessingConfiguration processing, EventStore eventStore, String processorName,
                             Duration timeout) {
        StreamingEventProcessor processor = processor(processing, processorName);
        TrackingToken head = eventStore.createHeadToken();
        poll(timeout, () -> caughtUp(processor, head, eventStore),
                () -> processorName + " did not reach " + head + " in " + timeout + "; running="
                        + processor.isRunning() + ", status=" + processor.processingStatus());
    }

    /**
     * Replays {@code processorName} from the start of the event store: shuts it down, waits until it holds no
     * segment, resets its tokens (which runs the projections' reset handlers), starts it, and waits until the replay
     * has reached the head the store had when the reset was made.
     */
    public static void replay(EventProcessingConfiguration processing, EventStore eventStore, String processorName,
                              Duration timeout) {
        StreamingEventProcessor processor = processor(processing, processorName);
        processor.shutDown();
        poll(timeout, () -> !processor.isRunning() && processor.processingStatus().isEmpty(),
                () -> processorName + " did not release its segments: " + processor.processingStatus());
        TrackingToken head = eventStore.createHeadToken();
        processor.resetTokens();
        processor.start();
        poll(timeout, () -> caughtUp(processor, head, eventStore),
                () -> processorName + " did not finish replaying up to " + head + " in " + timeout + "; running="
                        + processor.isRunning() + ", status=" + processor.processingStatus());
    }

    public static StreamingEventProcessor processor(EventProcessingConfiguration processing, String processorName) {
        return processing.eventProcessor(processorName, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("No streaming event processor " + processorName));
    }

    /** True when the processor's segments together cover the whole segment space and each has reached the head. */
    static boolean caughtUp(StreamingEventProcessor processor, TrackingToken head, EventStore eventStore) {
        if (!processor.isRunning()) {
            return false;
        }
        Map<Integer, EventTrackerStatus> statuses = processor.processingStatus();
        long covered = 0;
        for (EventTrackerStatus status : statuses.values()) {
            if (status.isErrorState() || status.isMerging()) {
                return false;
            }
            if (status.isReplaying() && !status.isCaughtUp()) {
                return false;
            }
            if (!reached(status.getTrackingToken(), head, eventStore)) {
                return false;
            }
            covered += (1L << 32) / (status.getSegment().getMask() + 1L);
        }
        return covered == 1L << 32;
    }

    /**
     * Whether {@code token} has seen every event committed up to {@code head}. The head token has no gaps, but a
     * processor's gap-aware token keeps, for a while, the global indexes it skipped: values of appends that rolled
     * back (a lost append race leaves one for good) or of transactions still in flight. Such a token is past the head
     * once no committed event sits in one of those gaps at or before the head, which the store says by what a stream
     * opened at the token would deliver first (gaps are re-read first, in index order).
     */
    static boolean reached(TrackingToken token, TrackingToken head, EventStore eventStore) {
        if (head == null) {
            return true;
        }
        if (token == null) {
            return false;
        }
        if (token.covers(head)) {
            return true;
        }
        OptionalLong position = token.position();
        OptionalLong headPosition = head.position();
        if (position.isEmpty() || headPosition.isEmpty() || position.getAsLong() < headPosition.getAsLong()) {
            return false;
        }
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(
                WrappedToken.unwrapLowerBound(token))) {
            if (!stream.hasNextAvailable()) {
                return true;
            }
            Optional<TrackedEventMessage<?>> next = stream.peek();
            return next.isEmpty() || next.get().trackingToken().position().orElse(Long.MAX_VALUE)
                    > headPosition.getAsLong();
        }
    }

    private static void poll(Duration timeout, BooleanSupplier condition, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(failure.get());
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting: " + failure.get());
            }
        }
    }

    /** A bounded poll for any other condition (a row appearing, a count reached), failing with {@code failure}. */
    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> failure) {
        poll(timeout, condition, failure);
    }
}
