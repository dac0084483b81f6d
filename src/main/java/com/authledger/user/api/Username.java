package com.authledger.user.api;

import com.authledger.shared.InvalidInput;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Cognito's username rule: 1 to 128 letters, marks, symbols, digits or punctuation; no spaces or controls. */
public final class Username {

    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
    /** The shape of a sub: a name of this shape could pass for another user's sub where either is accepted. */
    private static final Pattern SUB_SHAPED = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** username_claim.username_key's width: NFKC may expand a character many times over. */
    private static final int MAX_KEY_LENGTH = 512;

    private Username() {
    }

    public static String requireValid(String username) {
        InvalidInput.requireLength("username", username, 1, 128);
        if (!ALLOWED.matcher(username).matches()) {
            throw new InvalidInput("username", "may hold only letters, digits, symbols and punctuation (no spaces)");
        }
        if (SUB_SHAPED.matcher(username).matches()) {
            throw new InvalidInput("username", "must not have the shape of a user's sub (a UUID)");
        }
        if (key(username).length() > MAX_KEY_LENGTH) {
            throw new InvalidInput("username", "is too long once normalized (NFKC)");
        }
        return username;
    }

    /** The form names are compared in: NFKC, then lower case, so "Alice" and "ALICE" are one user. */
    public static String key(String username) {
        return Normalizer.normalize(username, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }
}
