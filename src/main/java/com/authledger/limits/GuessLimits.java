package com.authledger.limits;

import com.authledger.limits.WindowCounters.Limit;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.LimitReached;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Limits on wrong guesses from one end user's source address (an IPv6 address by its /64), shared by all nodes
 * ({@link WindowCounters}), beside each user's own limits (the lockout, the tries of a code). A guess is checked
 * before it is tried ({@link #requireOpen}, which takes nothing) and counted only when it was wrong
 * ({@link #failed}), so right answers cost a read and no write; {@link #tried} does both around one guess.
 * <ul>
 *   <li>Codes (sign-up, reset, sign-in's SMS and TOTP codes, an authenticator's first code): a few per hour and per
 *       day from one address. A pool that sees many wrong codes in an hour is guarded: then an address that has
 *       already failed a few times that day is refused, while addresses with a clean record (the pool's users)
 *       go on.</li>
 *   <li>Passwords and SRP proofs: more per address, since people mistype them.</li>
 * </ul>
 * Past a limit the answer is {@code TooManyRequests} (HTTP 429 with Retry-After; Cognito's
 * TooManyRequestsException), before the guess is tried. A guess without a source address (an administrator's call
 * that passed no end user's context) is limited by the user's own limits only.
 */
@Component
public class GuessLimits {

    public enum Guess { PASSWORD, CODE }

    static final String CODE_SOURCE_HOUR = "guess.code.source.hour";
    static final String CODE_SOURCE_DAY = "guess.code.source.day";
    static final String CODE_POOL_HOUR = "guess.code.pool.hour";
    static final String PASSWORD_SOURCE_HOUR = "guess.password.source.hour";
    static final String PASSWORD_SOURCE_DAY = "guess.password.source.day";
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    private final WindowCounters counters;
    private final GuessLimitSettings limits;
    private final RefusalTally tally;
    private final Clock clock;

    public GuessLimits(WindowCounters counters, GuessLimitSettings limits, RefusalTally tally, Clock clock) {
        this.counters = counters;
        this.limits = limits;
        this.tally = tally;
        this.clock = clock;
    }

    /**
     * Refuses, taking nothing, when {@code source} has used up its wrong guesses of this kind.
     *
     * @param source the end user's address, or null when unknown (then nothing is checked)
     * @throws LimitReached {@code TooManyRequests}
     */
    public void requireOpen(Guess guess, String poolId, String source) {
        String key = SourceAddresses.key(source);
        if (key == null) {
            return;
        }
        Instant now = clock.instant();
        Limit spent = counters.firstSpent(sourceLimits(guess, key), now);
        if (spent == null && guess == Guess.CODE && guarded(poolId, now)) {
            Limit guardedDay = new Limit(CODE_SOURCE_DAY, key, limits.guardedCodesPerSourceDay(), DAY);
            spent = counters.firstSpent(List.of(guardedDay), now);
        }
        if (spent != null) {
            tally.count(poolId, RefusalTally.Reason.GUESS_LIMITED);
            throw new LimitReached(ErrorCode.TooManyRequests, "Too many wrong " + (guess == Guess.CODE ? "codes"
                    : "passwords") + " from this address: try again later.", spent.untilWindowEnds(now));
        }
    }

    /**
     * A guess tried under the limits: refused before {@code attempt} runs when {@code source} is past them, counted
     * when {@code wrong} says its result was a wrong guess.
     */
    public <R> R tried(Guess guess, String poolId, String source, Supplier<R> attempt, Predicate<R> wrong) {
        requireOpen(guess, poolId, source);
        R result = attempt.get();
        if (wrong.test(result)) {
            failed(guess, poolId, source);
        }
        return result;
    }

    /** Counts a wrong guess from {@code source} (if known) and, for a code, in its pool. */
    public void failed(Guess guess, String poolId, String source) {
        tally.count(poolId, guess == Guess.CODE ? RefusalTally.Reason.WRONG_CODE : RefusalTally.Reason.WRONG_PASSWORD);
        String key = SourceAddresses.key(source);
        List<Limit> counted = new ArrayList<>();
        if (key != null) {
            sourceLimits(guess, key).forEach(limit -> counted.add(uncapped(limit)));
        }
        if (guess == Guess.CODE && poolId != null) {
            counted.add(uncapped(poolLimit(poolId)));
        }
        if (!counted.isEmpty()) {
            counters.take(counted, clock.instant());
        }
    }

    /** Whether the pool's wrong codes this hour reached its limit, so that only addresses with a clean record go on. */
    private boolean guarded(String poolId, Instant now) {
        return poolId != null && counters.used(poolLimit(poolId), now) >= limits.codesPerPoolHour();
    }

    private List<Limit> sourceLimits(Guess guess, String key) {
        return guess == Guess.CODE
                ? List.of(new Limit(CODE_SOURCE_HOUR, key, limits.codesPerSourceHour(), HOUR),
                        new Limit(CODE_SOURCE_DAY, key, limits.codesPerSourceDay(), DAY))
                : List.of(new Limit(PASSWORD_SOURCE_HOUR, key, limits.passwordsPerSourceHour(), HOUR),
                        new Limit(PASSWORD_SOURCE_DAY, key, limits.passwordsPerSourceDay(), DAY));
    }

    private Limit poolLimit(String poolId) {
        return new Limit(CODE_POOL_HOUR, poolId, limits.codesPerPoolHour(), HOUR);
    }

    /** A count that is never refused: a wrong guess is counted however many came before it. */
    private static Limit uncapped(Limit limit) {
        return new Limit(limit.scope(), limit.key(), Integer.MAX_VALUE, limit.window());
    }
}
