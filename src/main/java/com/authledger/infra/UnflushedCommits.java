package com.authledger.infra;

import java.util.function.Supplier;

/**
 * Commits that need not wait for the database file ({@link DurableDataSource}): what they write may be lost in a
 * crash without losing an answered write. The projections' transactions (their token replays what was lost), the
 * counts of the rate limits (a lost second of counting lets through a second more), and a command's unit of work
 * that appended only {@link StepEvent}s are such.
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

    /**
     * Sets whether the commits on this thread are flushed ({@code unflushed} false) or not, until {@code unitOfWork}
     * is cleaned up, when the value before its first call is restored. Called again for the same unit of work, it
     * changes the value and keeps that first one to restore.
     */
    static void untilCleanup(org.axonframework.messaging.unitofwork.UnitOfWork<?> unitOfWork, boolean unflushed) {
        String key = UnflushedCommits.class.getName() + ".before";
        if (!unitOfWork.resources().containsKey(key)) {
            boolean before = ACTIVE.get();
            unitOfWork.resources().put(key, before);
            unitOfWork.onCleanup(done -> ACTIVE.set(before));
        }
        ACTIVE.set(unflushed);
    }

    /** Whether a commit on this thread now need not be flushed. */
    static boolean active() {
        return ACTIVE.get();
    }
}
