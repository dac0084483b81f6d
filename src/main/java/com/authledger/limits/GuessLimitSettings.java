package com.authledger.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The limits on wrong guesses ({@code authledger.guess-limits}), counted per end user's source address and, for
 * codes, per pool. ADR 23 derives the defaults from the expected number of accounts an attack can take over.
 *
 * @param codesPerSourceHour        wrong codes from one address in an hour
 * @param codesPerSourceDay         wrong codes from one address in a day
 * @param codesPerPoolHour          wrong codes in a pool in an hour, past which the pool is guarded
 * @param guardedCodesPerSourceDay  wrong codes from one address in a day while its pool is guarded
 * @param passwordsPerSourceHour    wrong passwords (and SRP proofs) from one address in an hour
 * @param passwordsPerSourceDay     wrong passwords (and SRP proofs) from one address in a day
 */
@ConfigurationProperties("authledger.guess-limits")
public record GuessLimitSettings(int codesPerSourceHour, int codesPerSourceDay, int codesPerPoolHour,
                                 int guardedCodesPerSourceDay, int passwordsPerSourceHour,
                                 int passwordsPerSourceDay) {

    public GuessLimitSettings {
        if (codesPerSourceHour < 1 || codesPerSourceDay < 1 || codesPerPoolHour < 1 || guardedCodesPerSourceDay < 1
                || passwordsPerSourceHour < 1 || passwordsPerSourceDay < 1) {
            throw new IllegalArgumentException("Every guess limit (authledger.guess-limits.*) is at least 1");
        }
    }
}
