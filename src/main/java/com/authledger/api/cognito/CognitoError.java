package com.authledger.api.cognito;

import com.authledger.security.AwsError;

/**
 * A refusal in Cognito's terms: the exception name clients match on ({@code __type}), its HTTP status, and a message
 * that names the field and the rule but never echoes a submitted value.
 */
public final class CognitoError extends AwsError {

    public CognitoError(String type, int status, String message) {
        super(type, status, message);
    }

    public static CognitoError invalidParameter(String message) {
        return new CognitoError("InvalidParameterException", 400, message);
    }

    /** The body is not JSON, or a field has the wrong JSON type. */
    public static CognitoError serialization(String message) {
        return new CognitoError("SerializationException", 400, message);
    }

    public static CognitoError notAuthorized(String message) {
        return new CognitoError("NotAuthorizedException", 403, message);
    }

    public static CognitoError resourceNotFound(String message) {
        return new CognitoError("ResourceNotFoundException", 404, message);
    }

    public static CognitoError unknownOperation() {
        return new CognitoError("UnknownOperationException", 400,
                "The X-Amz-Target header names no operation this service supports.");
    }

    public static CognitoError internal() {
        return new CognitoError("InternalErrorException", 500, "The service failed to handle the request.");
    }
}
