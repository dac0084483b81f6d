package com.authledger.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The node's periodic upkeep on one background thread: sharing the rate-limit and refusal counts, sweeping transient
 * rows. A task that fails is logged by its name and the failure's class (never its message, which may quote data) and
 * runs again at its next turn.
 */
@Component
public class Maintenance implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "authledger-maintenance");
        thread.setDaemon(true);
        return thread;
    });

    /** Runs {@code task} every {@code every}, the first time one interval from now. */
    public void every(Duration every, String name, Runnable task) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException failed) {
                log.warn("{} failed: {}", name, failed.getClass().getName());
            } catch (Error fatal) {
                // thrown on, which ends this task for good: said here, since the executor would say nothing
                log.error("{} failed and stops: {}", name, fatal.getClass().getName());
                throw fatal;
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
