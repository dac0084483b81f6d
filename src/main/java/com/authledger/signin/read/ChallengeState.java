package com.authledger.signin.read;

import java.time.Instant;

/**
 * A sign-in attempt as the challenge-state projection holds it: who, through which app client and from where, the
 * challenge last put to the user, the wrong answers it may still take and until when, and how it ended. Nothing in it
 * lets anyone answer the challenge: the session string is not here, nor its hash.
 *
 * @param challenge    the challenge last put to the user; null when none was (a sign-in with the password alone)
 * @param attemptsLeft wrong answers the current challenge still takes (3 minus those given)
 * @param expiresAt    when the current challenge's session expires; null before the first challenge
 * @param outcome      {@link Outcome#EXPIRED} also for an attempt in progress whose session expired unanswered
 * @param position     the listing position (for paging)
 */
public record ChallengeState(String sessionId, String poolId, String clientId, String sub, String username,
                             String challenge, int attemptsLeft, Instant expiresAt, Outcome outcome,
                             Instant startedAt, Instant updatedAt, String ipAddress, long position) {

    /** The wrong answers a session takes (the SignInSession's rule): the third ends the attempt. */
    static final int MAX_WRONG_ANSWERS = 3;

    public enum Outcome { IN_PROGRESS, SUCCEEDED, FAILED, EXPIRED }

    /**
     * The outcome at {@code now}: an attempt still in progress whose session expired is expired, although no event
     * says so until someone answers it late.
     */
    static Outcome at(Outcome stored, Instant expiresAt, Instant now) {
        return stored == Outcome.IN_PROGRESS && expiresAt != null && !now.isBefore(expiresAt) ? Outcome.EXPIRED
                : stored;
    }
}
