package com.authledger.infra;

import java.time.Instant;

/**
 * A table whose rows are kept for a while and then deleted (counters of ended windows, spent tickets, failures that
 * no longer count): what an unauthenticated request may leave behind, and never for good. {@link TransientRowSweeper}
 * calls every one of them.
 */
public interface TransientRows {

    /** Deletes the rows that no longer matter at {@code now}; the number deleted. Safe to run on every node at once. */
    int sweep(Instant now);
}
