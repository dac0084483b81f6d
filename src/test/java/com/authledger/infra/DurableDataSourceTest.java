package com.authledger.infra;

import com.zaxxer.hikari.HikariDataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.h2.api.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A commit through {@link DurableDataSource} is in the database file when it returns. Each check copies the file
 * right after the commit (what a process killed at that moment leaves, since the operating system keeps what was
 * written) and opens the copy: the committed row must be there.
 */
class DurableDataSourceTest {

    @TempDir
    Path dir;
    private HikariDataSource pool;

    @BeforeEach
    void open() {
        pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:h2:file:" + dir.resolve("db") + ";RETENTION_TIME=0");
        pool.setUsername("sa");
        pool.setMaximumPoolSize(8);
        new JdbcTemplate(pool).execute("CREATE TABLE change (id INT PRIMARY KEY, note VARCHAR(200))");
    }

    @AfterEach
    void close() {
        pool.close();
    }

    /** The ids in a copy of the database file taken now (none if not even the table is in the file yet). */
    private List<Integer> idsInACopyOfTheFile() throws Exception {
        Path copy = Files.createTempDirectory(dir, "copy");
        Files.copy(dir.resolve("db.mv.db"), copy.resolve("db.mv.db"));
        List<Integer> ids = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + copy.resolve("db"), "sa", "");
             ResultSet rows = connection.createStatement().executeQuery("SELECT id FROM change ORDER BY id")) {
            while (rows.next()) {
                ids.add(rows.getInt(1));
            }
        } catch (SQLException e) {
            if (e.getErrorCode() != ErrorCode.TABLE_OR_VIEW_NOT_FOUND_DATABASE_EMPTY_1) {
                throw e;
            }
        }
        return ids;
    }

    @Test
    void aTransactionCommittedThroughTheDurableSourceIsInTheFile() throws Exception {
        DataSource durable = new DurableDataSource(pool);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(durable));
        JdbcTemplate jdbc = new JdbcTemplate(durable);
        for (int id = 1; id <= 20; id++) {
            int row = id;
            transactions.executeWithoutResult(status -> jdbc.update("INSERT INTO change VALUES (?, 'tx')", row));
            assertThat(idsInACopyOfTheFile()).as("after commit %d", id).contains(id);
        }
    }

    @Test
    void aStatementInAutoCommitModeIsInTheFileOnceItsConnectionIsGivenBack() throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(new DurableDataSource(pool));
        for (int id = 1; id <= 20; id++) {
            jdbc.update("INSERT INTO change VALUES (?, 'auto-commit')", id);
            assertThat(idsInACopyOfTheFile()).as("after statement %d", id).contains(id);
        }
    }

    @Test
    void concurrentCommitsAreAllInTheFile() throws Exception {
        DurableDataSource durable = new DurableDataSource(pool);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(durable));
        JdbcTemplate jdbc = new JdbcTemplate(durable);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int client = 0; client < 8; client++) {
                int base = client * 1000;
                done.add(clients.submit(() -> {
                    for (int i = 1; i <= 200; i++) {
                        int id = base + i;
                        transactions.executeWithoutResult(status ->
                                jdbc.update("INSERT INTO change VALUES (?, 'concurrent')", id));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            clients.shutdown();
        }
        assertThat(idsInACopyOfTheFile()).hasSize(1600);
        H2GroupCommit groupCommit = durable.groupCommit();
        assertThat(groupCommit.flushes()).isGreaterThanOrEqualTo(1600);
        assertThat(groupCommit.writes()).isPositive().isLessThanOrEqualTo(groupCommit.flushes());
    }

    /** Without the durable source H2 writes committed changes later, in the background: the test has teeth. */
    @Test
    void withoutItACommittedRowIsNotYetInTheFile() throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(pool);
        int missing = 0;
        for (int id = 1; id <= 20; id++) {
            jdbc.update("INSERT INTO change VALUES (?, 'plain')", id);
            if (!idsInACopyOfTheFile().contains(id)) {
                missing++;
            }
        }
        assertThat(missing).isPositive();
    }

    /**
     * A projection's commit does not wait for the file (a restart rebuilds what it loses, from its own token); a
     * command's commit, through the same pool, does; a transaction that only read has nothing to wait for.
     */
    @Test
    void aProjectionsCommitIsNotFlushedACommandsIsAReadOnlyOneIsNot() {
        DurableDataSource durable = new DurableDataSource(pool);
        TransactionManager commands = new SpringTransactionManager(new DataSourceTransactionManager(durable));
        TransactionManager projections = new ProjectionTransactions(commands);
        JdbcTemplate jdbc = new JdbcTemplate(durable);
        jdbc.queryForList("SELECT 1");

        long before = durable.groupCommit().flushes();
        projections.executeInTransaction(() -> jdbc.update("INSERT INTO change VALUES (1, 'projection')"));
        assertThat(durable.groupCommit().flushes()).isEqualTo(before);

        commands.executeInTransaction(() -> jdbc.update("INSERT INTO change VALUES (2, 'command')"));
        assertThat(durable.groupCommit().flushes()).isEqualTo(before + 1);

        commands.executeInTransaction(() -> jdbc.queryForList("SELECT id FROM change WHERE id > ?", 0));
        assertThat(durable.groupCommit().flushes()).as("a transaction that only read").isEqualTo(before + 1);
        assertThat(UnflushedCommits.active()).isFalse();

        UnflushedCommits.run(() -> {
            commands.executeInTransaction(() -> jdbc.update("INSERT INTO change VALUES (3, 'a rate count')"));
            return null;
        });
        assertThat(durable.groupCommit().flushes()).as("a commit run as unflushed").isEqualTo(before + 1);
        assertThat(UnflushedCommits.active()).isFalse();
    }

    @Test
    void anInMemoryDatabaseIsLeftAsItIs() throws Exception {
        try (HikariDataSource memory = new HikariDataSource()) {
            memory.setJdbcUrl("jdbc:h2:mem:durable-test");
            DurableDataSource durable = new DurableDataSource(memory);
            try (Connection connection = durable.getConnection()) {
                assertThat(connection.isWrapperFor(Connection.class)).isTrue();
            }
            assertThat(durable.groupCommit()).isNull();
        }
    }
}
