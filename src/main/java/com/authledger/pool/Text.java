package com.authledger.pool;

import com.authledger.shared.InvalidInput;

import java.util.regex.Pattern;

final class Text {

    /** Control characters other than tab and line breaks: a NUL, say, which PostgreSQL refuses to store as text. */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\t\\n\\r]]");

    private Text() {
    }

    static void requireNoControlCharacters(String field, String value) {
        if (CONTROL.matcher(value).find()) {
            throw new InvalidInput(field, "must not contain control characters");
        }
    }

    static String requirePattern(String field, String value, Pattern pattern, String description) {
        if (!pattern.matcher(value).matches()) {
            throw new InvalidInput(field, "must be " + description);
        }
        return value;
    }
}
