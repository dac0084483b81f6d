package com.authledger.infra;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;

/**
 * The transactions of the projections (tracking processors): a projection's rows and its progress token commit
 * together, so after a crash it resumes from the last token that reached the file and writes again what was lost.
 * Their commits therefore need not wait for the database file ({@link DurableDataSource}); the answer to a write is
 * durable through its command's own commit, and a write that waits for its projection waits only to read its own
 * write. This keeps the projection's commit off the answer's path and halves the writes to the file (ADR 17).
 */
final class ProjectionTransactions implements TransactionManager {

    private final TransactionManager delegate;

    ProjectionTransactions(TransactionManager delegate) {
        this.delegate = delegate;
    }

    @Override
    public Transaction startTransaction() {
        Transaction transaction = delegate.startTransaction();
        return new Transaction() {
            @Override
            public void commit() {
                UnflushedCommits.run(() -> {
                    transaction.commit();
                    return null;
                });
            }

            @Override
            public void rollback() {
                transaction.rollback();
            }
        };
    }
}
