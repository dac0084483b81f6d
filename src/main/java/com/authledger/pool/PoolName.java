package com.authledger.pool;

import com.authledger.shared.InvalidInput;

import java.util.regex.Pattern;

/** Cognito's PoolName rule: 1 to 128 characters of letters, digits, spaces and {@code +=,.@-}. */
public final class PoolName {

    private static final Pattern SHAPE = Pattern.compile("[\\w +=,.@-]+", Pattern.UNICODE_CHARACTER_CLASS);

    private PoolName() {
    }

    public static String requireValid(String name) {
        InvalidInput.requireLength("name", name, 1, 128);
        Text.requireNoControlCharacters("name", name);
        return Text.requirePattern("name", name, SHAPE, "letters, digits, spaces and +=,.@-");
    }
}
