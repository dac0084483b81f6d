package com.authledger.api.rest;

import com.authledger.shared.InvalidInput;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters and headers with a shape of their own. */
final class Params {

    private Params() {
    }

    static Instant instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInput(name, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }

    /** An If-Match header holding the ETag of a configuration version: {@code "3"}; {@code *} matches any. */
    static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        if (tag.isEmpty() || tag.length() > 18 || !tag.chars().allMatch(Character::isDigit)) {
            throw new InvalidInput("If-Match", "must be the ETag of the configuration, as GET returned it");
        }
        return Long.parseLong(tag);
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }
}
