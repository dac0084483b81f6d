package com.authledger.limits;

import org.springframework.dao.DataIntegrityViolationException;

import java.util.function.Supplier;

/**
 * A count kept by "update the row, else insert it": when two nodes (or threads) insert the same first row at once,
 * the loser's transaction fails on the key, and run again it finds the row and updates it.
 */
final class InsertRaces {

    private static final int ATTEMPTS = 3;

    private InsertRaces() {
    }

    /** {@code transaction} (one transaction of its own), run again when it lost a race to insert its row. */
    static <T> T retried(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (DataIntegrityViolationException raced) {
                if (attempt == ATTEMPTS) {
                    throw raced;
                }
            }
        }
    }
}
