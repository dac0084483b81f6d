package com.authledger.security;

/**
 * A request whose AWS Signature Version 4 does not authenticate it, named as AWS names the case
 * ({@code MissingAuthenticationTokenException}, {@code InvalidSignatureException}, ...), with its HTTP status.
 */
public final class SigV4Failure extends AwsError {

    public SigV4Failure(String type, int status, String message) {
        super(type, status, message);
    }
}
