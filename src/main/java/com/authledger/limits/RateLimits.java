package com.authledger.limits;

import com.authledger.infra.Maintenance;
import com.authledger.limits.WindowCounters.Limit;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.LimitReached;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The per-address rate limit of the unauthenticated operations (Cognito's unsigned operations and the self-service
 * API): past {@link RateLimitSettings#perAddressLimit()} requests from one address in a window, TooManyRequests
 * (HTTP 429 with Retry-After; Cognito's TooManyRequestsException) before the operation runs.
 *
 * <p>A request must not cost a database write, so each node counts in memory and adds its counts to the shared
 * {@code limit_counter} rows every {@code flush-every} (a transaction per address it counted since, not flushed to
 * the file), reading back every node's total. A node refuses once the shared total it last read plus its own unshared count reaches the
 * limit: with N nodes an address gets at most the limit plus what N nodes let through in one flush interval. ADR 24.
 */
@Component
public class RateLimits implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);
    static final String SCOPE = "rate-address";
    /** Addresses tracked at once, beyond which those below the limit and fully shared are forgotten at a flush. */
    static final int MAX_TRACKED = 100_000;

    private record Slot(String address, Instant windowStart) {
    }

    /** One address's window on this node: what this node counted and has not shared yet, and the shared total. */
    private static final class Count {
        final AtomicInteger unshared = new AtomicInteger();
        volatile int shared;
    }

    private final WindowCounters counters;
    private final RateLimitSettings settings;
    private final RefusalTally tally;
    private final Clock clock;
    private final Map<Slot, Count> counts = new ConcurrentHashMap<>();

    public RateLimits(WindowCounters counters, RateLimitSettings settings, RefusalTally tally, Clock clock,
                      Maintenance maintenance) {
        this.counters = counters;
        this.settings = settings;
        this.tally = tally;
        this.clock = clock;
        maintenance.every(settings.flushEvery(), "Sharing the rate-limit counts", this::flush);
    }

    /**
     * Counts one unauthenticated request from {@code source}.
     *
     * @param source the end user's address; null when unknown (nothing is counted)
     * @throws LimitReached {@code TooManyRequests}, and the request is not counted
     */
    public void requireOpen(String source) {
        String address = SourceAddresses.key(source);
        if (address == null) {
            return;
        }
        Instant now = clock.instant();
        Limit limit = limit(address);
        Count count = counts.computeIfAbsent(new Slot(address, limit.windowStart(now)), slot -> new Count());
        if (count.shared + count.unshared.get() >= settings.perAddressLimit()) {
            tally.count(null, RefusalTally.Reason.RATE_LIMITED);
            throw new LimitReached(ErrorCode.TooManyRequests, "Too many requests from this address: try again later.",
                    limit.untilWindowEnds(now));
        }
        count.unshared.incrementAndGet();
    }

    /** Adds this node's counts to the shared ones and reads every node's totals back; forgets ended windows. */
    public void flush() {
        Instant now = clock.instant();
        for (Map.Entry<Slot, Count> entry : counts.entrySet()) {
            Slot slot = entry.getKey();
            Count count = entry.getValue();
            int uses = count.unshared.getAndSet(0);
            Limit limit = limit(slot.address());
            boolean ended = !slot.windowStart().plus(limit.window()).isAfter(now);
            if (uses > 0) {
                try {
                    count.shared = counters.add(limit, slot.windowStart(), uses);
                } catch (RuntimeException failed) {
                    count.unshared.addAndGet(uses);
                    throw failed;
                }
            }
            if (ended || (counts.size() > MAX_TRACKED && count.unshared.get() == 0
                    && count.shared < settings.perAddressLimit())) {
                counts.remove(slot, count);
            }
        }
    }

    private Limit limit(String address) {
        return new Limit(SCOPE, address, settings.perAddressLimit(), settings.perAddressWindow());
    }

    /** This node's last counts, shared as it stops. */
    @Override
    public void destroy() {
        try {
            flush();
        } catch (RuntimeException failed) {
            log.warn("Could not share the rate-limit counts: {}", failed.getClass().getName());
        }
    }
}
