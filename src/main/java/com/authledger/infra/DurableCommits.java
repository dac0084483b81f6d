package com.authledger.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;

/**
 * An answered write is in the database before the answer leaves (ADR 17). Set up, and checked once at start-up
 * before the web server accepts a request:
 * <ul>
 *   <li><b>Embedded H2</b> writes committed changes to its file in the background (WRITE_DELAY, 500 ms by default),
 *   so a killed process lost up to half a second of answered writes. Here every commit is followed by a group commit
 *   ({@link DurableDataSource}, {@link H2GroupCommit}) that returns once the change is in the file. H2 may reuse the
 *   space of superseded data at once (RETENTION_TIME 0), or its file would grow with every write for 45 s.</li>
 *   <li><b>H2 as a server</b> ({@code jdbc:h2:tcp:}): its store is out of reach, so WRITE_DELAY is set to 0 there
 *   (every commit written before it returns; H2 then stops its background compaction, so prefer PostgreSQL).</li>
 *   <li><b>PostgreSQL</b> answers a commit once its WAL record is flushed (synchronous_commit on, the default), so a
 *   killed service loses nothing. If the server relaxes {@code synchronous_commit} or {@code fsync}, a crash of
 *   PostgreSQL itself could lose answered writes: that is logged as a warning, as the server belongs to its
 *   operator.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class DurableCommits {

    private static final Logger log = LoggerFactory.getLogger(DurableCommits.class);

    /** The embedded H2 database's connections commit durably; any other data source is left as it is. */
    @Bean
    static BeanPostProcessor durableEmbeddedH2(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof DataSource dataSource && !(bean instanceof DurableDataSource)
                        && EmbeddedDatabase.isEmbedded(environment.getProperty("spring.datasource.url"))
                        ? new DurableDataSource(dataSource) : bean;
            }
        };
    }

    /** What the start-up check found, e.g. {@code H2 (embedded): group commit, RETENTION_TIME 0}. */
    public record Found(String description) {
    }

    @Bean
    Found durableCommitsChecked(DataSource dataSource) {
        Found found = new Found(ensure(dataSource));
        log.info("Durable commits: {}", found.description());
        return found;
    }

    static String ensure(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String product = jdbc.execute((Connection connection) -> connection.getMetaData().getDatabaseProductName());
        if (product.startsWith("H2")) {
            if (dataSource instanceof DurableDataSource durable) {
                jdbc.execute("SET RETENTION_TIME 0");
                return durable.groupCommit() == null ? "H2 (in memory): nothing to write"
                        : "H2 (embedded): group commit, RETENTION_TIME 0";
            }
            jdbc.execute("SET WRITE_DELAY 0");
            return "H2 (server): WRITE_DELAY 0";
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
}
