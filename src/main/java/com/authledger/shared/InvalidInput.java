package com.authledger.shared;

/** A field that breaks its own rule (length, pattern, presence): the request is wrong whatever the state. */
public final class InvalidInput extends AuthledgerException {

    private final String field;

    public InvalidInput(String field, String rule) {
        super(ErrorCode.InvalidParameter, field + " " + rule);
        this.field = field;
    }

    public String field() {
        return field;
    }

    public static String require(String field, String value) {
        if (value == null) {
            throw new InvalidInput(field, "is required");
        }
        return value;
    }

    public static <T> T requireNonNull(String field, T value) {
        if (value == null) {
            throw new InvalidInput(field, "is required");
        }
        return value;
    }

    public static String requireLength(String field, String value, int min, int max) {
        require(field, value);
        int length = value.codePointCount(0, value.length());
        if (length < min || length > max) {
            throw new InvalidInput(field, "must be " + min + " to " + max + " characters long");
        }
        return value;
    }
}
