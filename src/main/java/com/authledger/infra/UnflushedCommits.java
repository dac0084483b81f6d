package com.authledger.infra;

import java.util.function.Supplier;

/**
 * Commits that need not wait for the database file ({@link DurableDataSource}): what they write may be lost in a
 * crash without losing an answered write. The projections' transactions (their token replays what was lost) and the
 * counts of the rate limits (a lost second of counting lets through a second more) are such.
 */
public final class UnflushedCommits {

    private static final ThreadLocal<Boolean> ACTIVE = ThreadLocal.withInitial(() -> false);

    private UnflushedCommits() {
    }

    /** Runs {@code work}, whose commits on this thread are not flushed to the file. */
    public static <T> T run(Supplier<T> work) {
        boolean outer = ACTIVE.get();
        ACTIVE.set(true);
        try {
            return work.get();
        } finally {
            ACTIVE.set(outer);
        }
    }

    /** Whether a commit on this thread now need not be flushed. */
    static boolean active() {
        return ACTIVE.get();
    }
}
