package com.authledger.shared;

/**
 * A refusal with a stable code, thrown by aggregates, value objects and adapters alike, so the code survives any
 * transport. Messages name the field and the rule and never echo a submitted value.
 */
public class AuthledgerException extends RuntimeException {

    private final ErrorCode code;

    public AuthledgerException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
