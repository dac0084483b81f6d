package com.authledger.security;

/**
 * An error named as AWS names it: the exception name clients match on ({@code __type}), its HTTP status, and a
 * message that names the field and the rule but never echoes a submitted value. A failed AWS Signature Version 4 is
 * one ({@link SigV4Failure}), and so is every refusal of Cognito's protocol, which answers both alike.
 */
public class AwsError extends RuntimeException {

    private final String type;
    private final int status;

    public AwsError(String type, int status, String message) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }
}
