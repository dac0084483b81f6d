package com.authledger.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Sweeps every {@link TransientRows} table each {@code authledger.limits.sweep-every}, so that what budgets, limits
 * and unauthenticated requests keep leaves no permanent row. Every node sweeps; a row deleted twice is deleted once.
 */
@Component
public class TransientRowSweeper {

    private static final Logger log = LoggerFactory.getLogger(TransientRowSweeper.class);
    /** A row outlives its end a little, for a node whose clock is slightly behind. */
    public static final Duration GRACE = Duration.ofMinutes(5);

    private final List<TransientRows> tables;
    private final Clock clock;

    TransientRowSweeper(List<TransientRows> tables, Clock clock, Maintenance maintenance,
                        @Value("${authledger.limits.sweep-every:10m}") Duration every) {
        this.tables = List.copyOf(tables);
        this.clock = clock;
        maintenance.every(every, "Sweeping transient rows", this::sweep);
    }

    /** One sweep of every table, {@link #GRACE} behind this node's clock; the rows deleted. */
    public int sweep() {
        int deleted = 0;
        for (TransientRows table : tables) {
            try {
                deleted += table.sweep(clock.instant().minus(GRACE));
            } catch (RuntimeException failed) {
                log.warn("Could not sweep {}: {}", table.getClass().getSimpleName(), failed.getClass().getName());
            }
        }
        return deleted;
    }
}
