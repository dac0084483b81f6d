package com.authledger.infra;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectionProgressTest {

    private final ProjectionProgress progress = new ProjectionProgress();

    @Test
    void anEventHandledBeforeTheWriterWaitsIsFoundAtOnce() {
        progress.handled("group", "pool-1", 3);

        assertThat(progress.await("group", "pool-1", 3, Duration.ofSeconds(5), () -> false)).isTrue();
    }

    @Test
    void aWaitingWriterIsReleasedWhenItsEventIsHandled() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Boolean> writer = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            return progress.await("group", "pool-2", 7, Duration.ofSeconds(10), () -> false);
        });
        assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();

        progress.handled("group", "pool-2", 7);

        assertThat(writer.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anotherNodesProjectionIsSeenInTheStore() {
        AtomicInteger asked = new AtomicInteger();

        boolean seen = progress.await("group", "pool-3", 1, Duration.ofSeconds(5), () -> asked.incrementAndGet() >= 2);

        assertThat(seen).isTrue();
        assertThat(asked).hasValue(2);
    }

    @Test
    void aWaitEndsAtItsTimeoutWhenNothingHandlesTheEvent() {
        assertThat(progress.await("group", "pool-4", 1, Duration.ofMillis(120), () -> false)).isFalse();
        assertThat(progress.await("other-group", "pool-1", 3, Duration.ofMillis(60), () -> false)).isFalse();
    }
}
