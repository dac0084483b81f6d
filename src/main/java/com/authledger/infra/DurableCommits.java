package com.authledger.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * An answered write is in the database before the answer leaves (ADR 17). Checked once at start-up, before the web
 * server accepts a request:
 * <ul>
 *   <li><b>H2</b> keeps committed changes in memory for up to {@code WRITE_DELAY} ms (500 by default) and writes them
 *   in the background, so a killed process lost its last half second of answered writes. With a delay of 0 every
 *   commit writes its changes to the file before it returns; commits that queue behind a write find their changes
 *   already written by it, which is H2's own group commit. Whatever the JDBC URL says, the delay is set to 0 here.</li>
 *   <li><b>PostgreSQL</b> answers a commit once its WAL record is written and flushed (synchronous_commit on, the
 *   default), so a killed service loses nothing. If the server relaxes {@code synchronous_commit} or {@code fsync},
 *   a crash of PostgreSQL itself (not of the service) could lose answered writes: that is logged as a warning,
 *   since the server's settings belong to its operator.</li>
 * </ul>
 */
@Component
public class DurableCommits {

    private static final Logger log = LoggerFactory.getLogger(DurableCommits.class);

    private final String found;

    public DurableCommits(DataSource dataSource) {
        this.found = ensure(dataSource);
    }

    /** What the check found, e.g. {@code H2: WRITE_DELAY 0}. */
    public String found() {
        return found;
    }

    /** Makes or checks commits durable on {@code dataSource}; returns what it found. */
    static String ensure(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String product = jdbc.execute((Connection connection) -> productName(connection.getMetaData()));
        if (product.startsWith("H2")) {
            Integer delay = jdbc.queryForObject(
                    // the live value, and the URL's if it gave one
                    "SELECT MAX(CAST(SETTING_VALUE AS INT)) FROM INFORMATION_SCHEMA.SETTINGS"
                            + " WHERE SETTING_NAME = 'WRITE_DELAY'",
                    Integer.class);
            if (delay == null || delay != 0) {
                jdbc.execute("SET WRITE_DELAY 0");
                log.info("H2's WRITE_DELAY was {} ms; set to 0 so that every answered write is in the database file",
                        delay);
                return "H2: WRITE_DELAY " + delay + " -> 0";
            }
            return "H2: WRITE_DELAY 0";
        }
        if (product.startsWith("PostgreSQL")) {
            String synchronousCommit = jdbc.queryForObject("SHOW synchronous_commit", String.class);
            String fsync = jdbc.queryForObject("SHOW fsync", String.class);
            if ("off".equalsIgnoreCase(synchronousCommit) || "off".equalsIgnoreCase(fsync)) {
                log.warn("PostgreSQL runs with synchronous_commit={} and fsync={}: a crash of the database server could"
                        + " lose writes that authledger already answered; see docs/operations.md", synchronousCommit,
                        fsync);
            }
            return "PostgreSQL: synchronous_commit " + synchronousCommit + ", fsync " + fsync;
        }
        log.warn("{} is neither H2 nor PostgreSQL: authledger cannot check that its commits are durable", product);
        return product + ": unchecked";
    }

    private static String productName(DatabaseMetaData metaData) throws SQLException {
        return metaData.getDatabaseProductName();
    }
}
