package com.authledger.infra;

/**
 * An event that only puts the next step of a sign-in to its caller: a challenge issued, or a challenge chosen
 * leading to the next. Losing it in a crash is no worse than its session expiring: the caller starts the sign-in
 * again, and nothing it decided is lost with it (a password's or a code's failures, a code's acceptance, a factor's
 * enrolment and the tokens are other events). A transaction that appends only such events commits without waiting
 * for the database file (ADR 17, amended); one that appends any other event waits, as every write does.
 */
public interface StepEvent {

    /** Whether this event only puts the next step (an event type may say so of some of its values only). */
    default boolean onlyPutsTheNextStep() {
        return true;
    }
}
