package com.authledger.user.api;

import com.authledger.shared.InvalidInput;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Cognito's username rule: 1 to 128 letters, marks, symbols, digits or punctuation; no spaces or controls. */
public final class Username {

    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");

    private Username() {
    }

    public static String requireValid(String username) {
        InvalidInput.requireLength("username", username, 1, 128);
        if (!ALLOWED.matcher(username).matches()) {
            throw new InvalidInput("username", "may hold only letters, digits, symbols and punctuation (no spaces)");
        }
        return username;
    }

    /** The form names are compared in: NFKC, then lower case, so "Alice" and "ALICE" are one user. */
    public static String key(String username) {
        return Normalizer.normalize(username, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }
}
