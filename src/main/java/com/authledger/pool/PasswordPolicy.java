package com.authledger.pool;

import com.authledger.shared.ErrorCode;
import com.authledger.shared.InvalidInput;
import com.authledger.shared.RuleViolation;

/**
 * A pool's password policy, Cognito's PasswordPolicyType: a minimum length (6 to 99, 8 by default) and the character
 * classes a password must hold (all four by default). Passwords are at most 256 characters, as in Cognito.
 */
public record PasswordPolicy(int minimumLength, boolean requireUppercase, boolean requireLowercase,
                             boolean requireNumbers, boolean requireSymbols) {

    public static final int MAXIMUM_LENGTH = 256;
    /** Cognito's symbol set for RequireSymbols. */
    static final String SYMBOLS = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

    public static PasswordPolicy defaults() {
        return new PasswordPolicy(8, true, true, true, true);
    }

    /** Checked as submitted; stored values are trusted when read back. */
    public PasswordPolicy validate() {
        if (minimumLength < 6 || minimumLength > 99) {
            throw new InvalidInput("passwordPolicy.minimumLength", "must be 6 to 99");
        }
        return this;
    }

    /**
     * Refuses a password that breaks the policy with {@link ErrorCode#InvalidPassword} and Cognito's message,
     * naming the rule, never the password.
     */
    public void check(String password) {
        if (password == null || password.isEmpty()) {
            throw new InvalidInput("password", "is required");
        }
        int length = password.codePointCount(0, password.length());
        if (length > MAXIMUM_LENGTH) {
            throw refused("Password is too long (at most " + MAXIMUM_LENGTH + " characters)");
        }
        if (password.chars().anyMatch(Character::isISOControl)) {
            throw refused("Password must not hold control characters");
        }
        if (password.charAt(0) == ' ' || password.charAt(password.length() - 1) == ' ') {
            throw refused("Password must not begin or end with a space");
        }
        if (length < minimumLength) {
            throw refused("Password not long enough (at least " + minimumLength + " characters)");
        }
        if (requireUppercase && password.chars().noneMatch(c -> c >= 'A' && c <= 'Z')) {
            throw refused("Password must have uppercase characters");
        }
        if (requireLowercase && password.chars().noneMatch(c -> c >= 'a' && c <= 'z')) {
            throw refused("Password must have lowercase characters");
        }
        if (requireNumbers && password.chars().noneMatch(c -> c >= '0' && c <= '9')) {
            throw refused("Password must have numeric characters");
        }
        if (requireSymbols && password.chars().noneMatch(c -> SYMBOLS.indexOf(c) >= 0)) {
            throw refused("Password must have symbol characters");
        }
    }

    private static RuleViolation refused(String rule) {
        return new RuleViolation(ErrorCode.InvalidPassword, "Password did not conform with policy: " + rule);
    }
}
