package com.authledger.api.cognito;

/**
 * One operation of Cognito's JSON protocol, named as in {@code X-Amz-Target: AWSCognitoIdentityProviderService.<name>}.
 * The handler turns the input shape into the same commands and queries the REST API uses, and returns the output
 * shape: a record or map serialized with Cognito's member names (see {@link CognitoJson}).
 */
public record CognitoOperation(String name, Access access, Handler handler) {

    @FunctionalInterface
    public interface Handler {
        Object handle(Input input, Call call);
    }

    /** The operations one part of the adapter answers; the controller collects every such bean. */
    public interface Group {
        java.util.List<CognitoOperation> operations();
    }

    /** Changes state, or shows what auditors may not see (users' contact details): admin access keys only. */
    public static CognitoOperation admin(String name, Handler handler) {
        return new CognitoOperation(name, Access.ADMIN, handler);
    }

    /** Reads what the auditor role may read (pools, their configuration, sign-in history). */
    public static CognitoOperation adminOrAuditor(String name, Handler handler) {
        return new CognitoOperation(name, Access.ADMIN_OR_AUDITOR, handler);
    }

    public static CognitoOperation unsigned(String name, Handler handler) {
        return new CognitoOperation(name, Access.UNSIGNED, handler);
    }
}
