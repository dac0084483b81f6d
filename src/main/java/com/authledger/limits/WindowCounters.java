package com.authledger.limits;

import com.authledger.infra.SqlTime;
import com.authledger.infra.TransientRows;
import com.authledger.infra.UnflushedCommits;
import com.authledger.secrets.KeyedDerivation;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Counters of uses per fixed window, in the shared database, so that every node counts against the same budgets and
 * limits. Windows are aligned to the epoch ({@code [k·window, (k+1)·window)}). A counted value (a destination, a user,
 * a source address) is kept only as a keyed HMAC under the master key; a rotation of the master key starts the
 * counts afresh. Rows of windows that ended are deleted by {@link #sweep}.
 *
 * <p>Uses are taken in a transaction of their own, all of a request's limits or none, so a refusal leaves every
 * other count untouched and a command that later fails keeps its uses spent: limits err on the side of less.
 */
@Component
public class WindowCounters implements TransientRows {

    /** At most {@code max} uses of {@code key} in each window of {@code scope}; a null key is not counted. */
    public record Limit(String scope, String key, int max, Duration window) {
        public Limit {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(window, "window");
            if (window.toMillis() < 1000) {
                throw new IllegalArgumentException("A window of " + scope + " is at least a second long");
            }
        }

        /** How long from {@code now} until the current window ends. */
        public Duration untilWindowEnds(Instant now) {
            return Duration.between(now, windowStart(now).plus(window));
        }

        public Instant windowStart(Instant now) {
            long millis = window.toMillis();
            return Instant.ofEpochMilli(now.toEpochMilli() - Math.floorMod(now.toEpochMilli(), millis));
        }
    }

    private static final String PURPOSE = "limit-counter";

    private final JdbcTemplate jdbc;
    private final KeyedDerivation keys;
    private final TransactionTemplate ownTransaction;

    public WindowCounters(JdbcTemplate jdbc, KeyedDerivation keys, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Takes one use from each limit (those with a key), or none.
     *
     * @return null when every use was taken; else the first limit that is spent, and nothing was taken
     */
    public Limit take(List<Limit> limits, Instant now) {
        return InsertRaces.retried(() -> ownTransaction.execute(status -> {
            for (Limit limit : limits) {
                if (limit.key() != null && !takeOne(limit, now)) {
                    status.setRollbackOnly();
                    return limit;
                }
            }
            return null;
        }));
    }

    /**
     * Adds {@code uses} to the window of {@code limit} that starts at {@code windowStart}, whatever its maximum, in a
     * transaction of its own that is not flushed to the file (a count lost in a crash lets a little more through).
     *
     * @return the uses the window holds now, every node's
     */
    public int add(Limit limit, Instant windowStart, int uses) {
        String key = keyOf(limit);
        Object start = SqlTime.utc(windowStart);
        return InsertRaces.retried(() -> UnflushedCommits.run(() -> ownTransaction.execute(status -> {
            int updated = jdbc.update("UPDATE limit_counter SET used = used + ? WHERE scope = ? AND scope_key = ? "
                    + "AND window_start = ?", uses, limit.scope(), key, start);
            if (updated == 0) {
                jdbc.update("INSERT INTO limit_counter (scope, scope_key, window_start, window_end, used) "
                        + "VALUES (?, ?, ?, ?, ?)", limit.scope(), key, start,
                        SqlTime.utc(windowStart.plus(limit.window())), uses);
            }
            return jdbc.queryForObject("SELECT used FROM limit_counter WHERE scope = ? AND scope_key = ? "
                    + "AND window_start = ?", Integer.class, limit.scope(), key, start);
        })));
    }

    /** The first of {@code limits} whose current window is already spent, or null; takes nothing. */
    public Limit firstSpent(List<Limit> limits, Instant now) {
        for (Limit limit : limits) {
            if (limit.key() != null && used(limit, now) >= limit.max()) {
                return limit;
            }
        }
        return null;
    }

    /** The uses counted in {@code limit}'s current window. */
    public int used(Limit limit, Instant now) {
        Integer used = jdbc.query("SELECT used FROM limit_counter WHERE scope = ? AND scope_key = ? "
                        + "AND window_start = ?", rs -> rs.next() ? rs.getInt(1) : null, limit.scope(),
                keyOf(limit), SqlTime.utc(limit.windowStart(now)));
        return used == null ? 0 : used;
    }

    /** Deletes the rows of windows that ended before {@code before}; answers how many. */
    @Override
    public int sweep(Instant before) {
        return jdbc.update("DELETE FROM limit_counter WHERE window_end < ?", SqlTime.utc(before));
    }

    private boolean takeOne(Limit limit, Instant now) {
        String key = keyOf(limit);
        Instant start = limit.windowStart(now);
        Object windowStart = SqlTime.utc(start);
        int updated = jdbc.update("UPDATE limit_counter SET used = used + 1 WHERE scope = ? AND scope_key = ? "
                + "AND window_start = ? AND used < ?", limit.scope(), key, windowStart, limit.max());
        if (updated == 1) {
            return true;
        }
        Integer used = jdbc.query("SELECT used FROM limit_counter WHERE scope = ? AND scope_key = ? "
                + "AND window_start = ?", rs -> rs.next() ? rs.getInt(1) : null, limit.scope(), key, windowStart);
        if (used != null || limit.max() < 1) {
            return false;
        }
        jdbc.update("INSERT INTO limit_counter (scope, scope_key, window_start, window_end, used) "
                + "VALUES (?, ?, ?, ?, 1)", limit.scope(), key, windowStart, SqlTime.utc(start.plus(limit.window())));
        return true;
    }

    private String keyOf(Limit limit) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                keys.derive(keys.currentKeyId(), PURPOSE, limit.scope(), limit.key()));
    }
}
