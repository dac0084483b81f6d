package com.authledger.api.cognito;

/**
 * Who may call an operation. Cognito's admin and pool-management operations are signed with AWS Signature Version 4
 * by an access key; the end-user operations are unsigned and carry a password, a session or an access token instead.
 */
public enum Access {
    /** Signed; changes state, so only an access key with the admin role. */
    SIGNED_WRITE,
    /** Signed; reads only, so an access key with the admin or the auditor role. */
    SIGNED_READ,
    /** Not signed (Cognito's {@code authtype: none}); the operation authenticates its caller itself. */
    UNSIGNED
}
