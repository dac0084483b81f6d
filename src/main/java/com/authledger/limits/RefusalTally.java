package com.authledger.limits;

import com.authledger.infra.Maintenance;
import com.authledger.infra.SqlTime;
import com.authledger.infra.UnflushedCommits;
import com.authledger.shared.Page;
import com.fasterxml.jackson.annotation.JsonIgnore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Refusals counted for auditors once per pool, reason and hour ({@code refusal_count}), not row by row: an attack of
 * a million refused requests adds a few rows an hour, however it is spread. Each node adds up in memory and adds its
 * sums to the shared rows every {@code authledger.refusal-counts.flush-every}, in a commit that is not flushed to the
 * file: a crash loses at most that interval's counts, never an answered write.
 */
@Component
public class RefusalTally implements DisposableBean {

    /** Why a request was refused. */
    public enum Reason {
        /** A password or SRP proof under a name that matches no user (also counted as a WRONG_PASSWORD). */
        UNKNOWN_NAME,
        /** A wrong password or SRP proof. */
        WRONG_PASSWORD,
        /** A wrong code: sign-up, reset, attribute, SMS, TOTP or recovery code. */
        WRONG_CODE,
        /** A sign-in step under a name or user locked out by its failures. */
        LOCKED_OUT,
        /** An address past its wrong guesses. */
        GUESS_LIMITED,
        /** An address past the rate limit of the unauthenticated operations. */
        RATE_LIMITED,
        /** A message budget spent: no code was sent. */
        MESSAGE_BUDGET,
        /** A text message to a country outside the pool's SMS country list: not sent. */
        SMS_COUNTRY
    }

    private static final Logger log = LoggerFactory.getLogger(RefusalTally.class);
    /** Pools counted apart at once on one node; beyond, refusals count under no pool (''). */
    static final int MAX_KEYS = 10_000;

    private record Key(String poolId, Reason reason, Instant hour) {
    }

    /**
     * The refusals of one pool ({@code poolId} null: none named) for one reason in the hour starting at {@code hour};
     * {@code position} pages the listing.
     */
    public record Count(@JsonIgnore long position, String poolId, Reason reason, Instant hour, long refusals) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final Map<Key, LongAdder> pending = new ConcurrentHashMap<>();

    public RefusalTally(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock,
                        Maintenance maintenance,
                        @Value("${authledger.refusal-counts.flush-every:10s}") Duration every) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        maintenance.every(every, "Adding up the refusal counts", this::flush);
    }

    /** Counts one refusal in {@code poolId} (null: none) for {@code reason}, in the current hour. */
    public void count(String poolId, Reason reason) {
        Instant hour = clock.instant().truncatedTo(ChronoUnit.HOURS);
        Key key = new Key(poolId == null ? "" : poolId, reason, hour);
        if (!pending.containsKey(key) && pending.size() >= MAX_KEYS) {
            key = new Key("", reason, hour);
        }
        pending.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** Adds this node's sums to the shared rows; forgets the hours that ended with nothing left to add. */
    public void flush() {
        Instant hour = clock.instant().truncatedTo(ChronoUnit.HOURS);
        for (Map.Entry<Key, LongAdder> entry : pending.entrySet()) {
            Key key = entry.getKey();
            long refusals = entry.getValue().sumThenReset();
            if (refusals > 0) {
                try {
                    add(key, refusals);
                } catch (RuntimeException failed) {
                    entry.getValue().add(refusals);
                    throw failed;
                }
            }
            if (key.hour().isBefore(hour) && entry.getValue().sum() == 0) {
                pending.remove(key, entry.getValue());
            }
        }
    }

    /**
     * The counts shared so far (this node's last {@code flush-every} not yet), oldest row first: of one pool, or of
     * every pool when {@code poolId} is null; of the hours that start in [{@code from}, {@code to}) when given.
     */
    public Page<Count> find(String poolId, Instant from, Instant to, int size, long after) {
        StringBuilder sql = new StringBuilder("SELECT id, pool_id, reason, hour_start, refusals FROM refusal_count "
                + "WHERE id > ?");
        List<Object> arguments = new ArrayList<>(List.of(after));
        if (poolId != null) {
            sql.append(" AND pool_id = ?");
            arguments.add(poolId);
        }
        if (from != null) {
            sql.append(" AND hour_start >= ?");
            arguments.add(SqlTime.utc(from));
        }
        if (to != null) {
            sql.append(" AND hour_start < ?");
            arguments.add(SqlTime.utc(to));
        }
        sql.append(" ORDER BY id FETCH FIRST ? ROWS ONLY");
        arguments.add(size + 1);
        List<Count> rows = jdbc.query(sql.toString(), (rs, row) -> new Count(rs.getLong("id"),
                rs.getString("pool_id").isEmpty() ? null : rs.getString("pool_id"),
                Reason.valueOf(rs.getString("reason")), SqlTime.instant(rs, "hour_start"), rs.getLong("refusals")),
                arguments.toArray());
        return Page.of(rows, size, Count::position);
    }

    private void add(Key key, long refusals) {
        Object hour = SqlTime.utc(key.hour());
        InsertRaces.retried(() -> UnflushedCommits.run(() -> ownTransaction.execute(status -> {
            int updated = jdbc.update("UPDATE refusal_count SET refusals = refusals + ? WHERE pool_id = ? "
                    + "AND reason = ? AND hour_start = ?", refusals, key.poolId(), key.reason().name(), hour);
            if (updated == 0) {
                jdbc.update("INSERT INTO refusal_count (pool_id, reason, hour_start, refusals) VALUES (?, ?, ?, ?)",
                        key.poolId(), key.reason().name(), hour, refusals);
            }
            return null;
        })));
    }

    /** This node's last counts, added as it stops. */
    @Override
    public void destroy() {
        try {
            flush();
        } catch (RuntimeException failed) {
            log.warn("Could not add up the refusal counts: {}", failed.getClass().getName());
        }
    }
}
