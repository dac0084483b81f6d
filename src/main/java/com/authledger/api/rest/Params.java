package com.authledger.api.rest;

import com.authledger.shared.InvalidInput;
import org.springframework.util.NumberUtils;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Query parameters and headers with a shape of their own. */
final class Params {

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");

    private Params() {
    }

    /** A whole number given as a query parameter; refused as Spring refuses an {@code Integer} parameter. */
    static Integer wholeNumber(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return NumberUtils.parseNumber(value, Integer.class);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(name, "has the wrong type: it must be a whole number");
        }
    }

    static Instant instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInput(name, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
        if (instant.isBefore(EARLIEST) || !instant.isBefore(LATEST)) {
            throw new InvalidInput(name, "must lie between the years 0001 and 9999");
        }
        // the precision the database keeps: rounding there could pick the next version
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The version a write expects to replace: from If-Match (the ETag of a configuration version, {@code "3"}) or
     * else from the body's {@code version}; both given and different is a 400. {@code If-Match: *} writes over
     * whatever version is current (restoring an old document, say).
     */
    static Long expectedVersion(String ifMatch, Long bodyVersion) {
        if (ifMatch != null && ifMatch.strip().equals("*")) {
            return null;
        }
        Long fromHeader = ifMatchVersion(ifMatch);
        if (fromHeader != null && bodyVersion != null && !fromHeader.equals(bodyVersion)) {
            throw new InvalidInput("version", "must match If-Match when both are given");
        }
        if (bodyVersion != null && bodyVersion < 0) {
            throw new InvalidInput("version", "must be a version this API returned");
        }
        return fromHeader != null ? fromHeader : bodyVersion;
    }

    private static Long ifMatchVersion(String ifMatch) {
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
