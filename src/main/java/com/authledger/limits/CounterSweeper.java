package com.authledger.limits;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes the counters of windows that ended, every {@code authledger.limits.sweep-every}, so that what the budgets
 * and limits count leaves no permanent row. Every node sweeps; a row deleted twice is deleted once.
 */
@Component
class CounterSweeper implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CounterSweeper.class);
    /** A window's row outlives its end a little, for a node whose clock is slightly behind. */
    static final Duration GRACE = Duration.ofMinutes(5);

    private final WindowCounters counters;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "authledger-limit-sweeper");
        thread.setDaemon(true);
        return thread;
    });

    CounterSweeper(WindowCounters counters, Clock clock,
                   @Value("${authledger.limits.sweep-every:10m}") Duration every) {
        this.counters = counters;
        this.clock = clock;
        timer.scheduleWithFixedDelay(this::sweep, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    int sweep() {
        try {
            return counters.sweep(clock.instant().minus(GRACE));
        } catch (RuntimeException failed) {
            log.warn("Could not delete the counters of ended windows: {}", failed.getClass().getName());
            return 0;
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
