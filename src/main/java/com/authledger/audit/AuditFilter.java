package com.authledger.audit;

import com.authledger.shared.InvalidInput;

import java.time.Instant;

/** Which audit entries to return: a pool (or all), a user of it (or all), a time range [from, to), and an actor. */
public record AuditFilter(String poolId, String userSub, Instant from, Instant to, String actor) {

    public AuditFilter(String poolId, Instant from, Instant to, String actor) {
        this(poolId, null, from, to, actor);
    }


    public AuditFilter {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidInput("to", "must be later than from");
        }
        if (actor != null) {
            InvalidInput.requireLength("actor", actor, 1, 255);
        }
    }
}
