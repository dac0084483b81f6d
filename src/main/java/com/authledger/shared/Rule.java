package com.authledger.shared;

/**
 * One named rule of an aggregate, built from the state and the command it judges: {@link #verify()} refuses by
 * throwing (a {@link RuleViolation}, an {@link InvalidInput} or another {@link AuthledgerException} with its stable
 * code) and changes nothing. Each slice keeps its rules together ({@code PoolRules}, {@code UserRules},
 * {@code SignInRules}), and each rule has a fixture test that names it ({@code RulesCoveredTest}).
 */
public interface Rule {

    void verify();
}
