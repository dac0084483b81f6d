package com.authledger.infra;

import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The embedded H2 database's connections, each commit made durable before it returns ({@link H2GroupCommit}): after
 * {@code commit()}, after {@code setAutoCommit(true)} (which commits), and when a connection that wrote in
 * auto-commit mode is given back; in each case only if a statement that may write (any but a {@code SELECT}) was
 * prepared since the last commit, and not for a projection's commit ({@link ProjectionTransactions}). Everything
 * else goes to H2 (through the pool) unchanged.
 */
final class DurableDataSource extends DelegatingDataSource {

    private volatile H2GroupCommit groupCommit;
    private volatile boolean inMemory;

    DurableDataSource(DataSource pool) {
        super(pool);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return durable(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return durable(super.getConnection(username, password));
    }

    H2GroupCommit groupCommit() {
        return groupCommit;
    }

    private Connection durable(Connection connection) throws SQLException {
        if (groupCommit == null && !inMemory) {
            synchronized (this) {
                if (groupCommit == null && !inMemory) {
                    groupCommit = H2GroupCommit.of(connection);
                    inMemory = groupCommit == null;
                }
            }
        }
        if (inMemory) {
            return connection;
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                new Durable(connection, groupCommit));
    }

    private static final class Durable implements InvocationHandler {

        private final Connection connection;
        private final H2GroupCommit groupCommit;
        /** A statement that may write was made since the last commit or rollback. */
        private boolean mayHaveWritten;

        Durable(Connection connection, H2GroupCommit groupCommit) {
            this.connection = connection;
            this.groupCommit = groupCommit;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            boolean flushAfter = switch (name) {
                // a transaction that prepared no writing statement has nothing to make durable
                case "commit" -> mayHaveWritten && !UnflushedCommits.active();
                // setAutoCommit(true) commits a transaction still open; close ends an auto-commit connection's writes
                case "setAutoCommit" -> Boolean.TRUE.equals(args[0]) && mayHaveWritten;
                case "close" -> mayHaveWritten && connection.getAutoCommit();
                default -> false;
            };
            if (name.equals("prepareStatement") || name.equals("createStatement") || name.equals("prepareCall")) {
                mayHaveWritten |= args == null || args.length == 0 || !(args[0] instanceof String sql)
                        || !sql.stripLeading().regionMatches(true, 0, "SELECT", 0, 6);
            }
            if (name.equals("close") && flushAfter) {
                groupCommit.flush();
                mayHaveWritten = false;
                flushAfter = false;
            }
            Object result;
            try {
                result = method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (name.equals("commit") || name.equals("rollback")) {
                mayHaveWritten = false;
            }
            if (flushAfter) {
                groupCommit.flush();
                mayHaveWritten = false;
            }
            return result;
        }
    }
}
