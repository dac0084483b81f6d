package com.authledger.signin;

import com.authledger.limits.RefusalTally;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/**
 * The failures of a name that matches no user: counted under the row's lock, swept once they count for nothing, and
 * an attempt that meets its row swept between the check and the lock starts again rather than failing.
 */
class UnknownNameFailuresTest {

    private static final String POOL = "us-east-1_Unknown001";
    private static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");

    private JdbcTemplate jdbc;
    private final RefusalTally tally = mock(RefusalTally.class);
    private UnknownNameFailures failures;
    private final AtomicBoolean sweepBeforeTheLock = new AtomicBoolean();

    @BeforeEach
    void setUp() {
        String url = "jdbc:h2:mem:unknown-names-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        DriverManagerDataSource data = new DriverManagerDataSource(url, "sa", "");
        // the sweeper's own connection, outside the attempt's transaction
        JdbcTemplate plain = new JdbcTemplate(new DriverManagerDataSource(url, "sa", ""));
        plain.execute("CREATE TABLE unknown_name_failure (pool_id VARCHAR(64) NOT NULL, name_mac VARCHAR(128) "
                + "NOT NULL, failures INTEGER NOT NULL, last_failure_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                + "PRIMARY KEY (pool_id, name_mac))");
        // the sweeper, run once between the attempt's check of its row and its lock of it
        jdbc = new JdbcTemplate(data) {
            @Override
            public <T> java.util.List<T> query(String sql, org.springframework.jdbc.core.RowMapper<T> mapper,
                                               Object... args) {
                if (sql.contains("FOR UPDATE") && sweepBeforeTheLock.getAndSet(false)) {
                    plain.update("DELETE FROM unknown_name_failure");
                }
                return super.query(sql, mapper, args);
            }
        };
        failures = new UnknownNameFailures(jdbc, null, new DataSourceTransactionManager(data), tally);
    }

    private int failuresOf(String mac) {
        return jdbc.queryForObject("SELECT failures FROM unknown_name_failure WHERE name_mac = ?", Integer.class, mac);
    }

    @Test
    void anAttemptWhoseRowIsSweptBeforeItsLockStartsAgainAndIsCounted() {
        failures.attemptUnder(POOL, "mac-1", NOW, () -> { });
        sweepBeforeTheLock.set(true);

        assertThat(failures.attemptUnder(POOL, "mac-1", NOW.plusSeconds(1), () -> { })).isNull();
        assertThat(failuresOf("mac-1")).as("the swept row counted for nothing; this attempt is its first").isOne();
    }

    @Test
    void rowsAreSweptOnlyOnceTheirFailuresCountForNothing() {
        failures.attemptUnder(POOL, "old", NOW, () -> { });
        failures.attemptUnder(POOL, "recent", NOW.plus(Duration.ofMinutes(10)), () -> { });

        assertThat(failures.sweep(NOW.plus(Duration.ofMinutes(16)))).isOne();
        assertThat(failuresOf("recent")).isOne();
        verify(tally, org.mockito.Mockito.times(2)).count(POOL, RefusalTally.Reason.UNKNOWN_NAME);
    }
}
