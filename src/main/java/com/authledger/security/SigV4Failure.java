package com.authledger.security;

/**
 * A request whose AWS Signature Version 4 does not authenticate it, named as AWS names the case
 * ({@code MissingAuthenticationTokenException}, {@code InvalidSignatureException}, ...), with its HTTP status.
 */
public final class SigV4Failure extends RuntimeException {

    private final String type;
    private final int status;

    public SigV4Failure(String type, int status, String message) {
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
