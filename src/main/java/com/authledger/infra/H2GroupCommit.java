package com.authledger.infra;

import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for the embedded H2 database: {@link #flush()} returns once every transaction committed before it was
 * called is written to the database file. H2 itself writes committed changes in the background (WRITE_DELAY, 500 ms
 * by default), which a killed process loses; with WRITE_DELAY 0 it writes on every commit, but then its background
 * housekeeping stops and the file grows many times over (ADR 17). Here H2 keeps its background writer and
 * housekeeping, and each commit is followed by a flush: the first caller writes what every waiting caller committed,
 * so that under load one write serves many commits.
 *
 * <p>Why it is correct: a caller takes its ticket after its transaction committed in memory; a writer reads the
 * highest ticket before it writes, so its write holds every transaction whose ticket it covers. A caller whose ticket
 * is covered returns without writing. The write is {@link MVStore#commit()}, which stores every change not yet
 * stored and waits for that write; {@code executeFileStoreOperation} then waits for any write that H2's background
 * writer had begun before, which holds changes that {@code commit()} no longer counts as unsaved.
 */
final class H2GroupCommit {

    private final MVStore store;
    private final AtomicLong tickets = new AtomicLong();
    private final ReentrantLock writer = new ReentrantLock();
    private long written;
    private final AtomicLong writes = new AtomicLong();

    private H2GroupCommit(MVStore store) {
        this.store = store;
    }

    /** The group commit of the database behind {@code connection}, or null if it has no file (in memory). */
    static H2GroupCommit of(Connection connection) throws SQLException {
        Session session = connection.unwrap(JdbcConnection.class).getSession();
        if (!(session instanceof SessionLocal local)) {
            return null;
        }
        MVStore store = local.getDatabase().getStore().getMvStore();
        return store.getFileStore() == null ? null : new H2GroupCommit(store);
    }

    /** Returns once every transaction committed before this call is in the database file. */
    void flush() {
        long ticket = tickets.incrementAndGet();
        writer.lock();
        try {
            if (written >= ticket) {
                return;
            }
            long covered = tickets.get();
            store.commit();
            store.getFileStore().executeFileStoreOperation(() -> { });
            writes.incrementAndGet();
            written = covered;
        } finally {
            writer.unlock();
        }
    }

    /** Flushes requested so far, and writes made for them: their ratio is how many commits a write served. */
    long flushes() {
        return tickets.get();
    }

    long writes() {
        return writes.get();
    }
}
