package com.authledger.api.cognito;

/**
 * Who may call an operation. Cognito's admin and pool-management operations are signed with AWS Signature Version 4
 * by an access key; the end-user operations are unsigned and carry a password, a session or an access token instead.
 */
public enum Access {
    /** Signed by an access key with the admin role: every change, and reads of users' contact details. */
    ADMIN,
    /**
     * Signed by an access key with the admin or the auditor role: reads of what an auditor API key may read in the
     * REST API too (pools, app clients without their secret, sign-in history), never users' contact details.
     */
    ADMIN_OR_AUDITOR,
    /** Not signed (Cognito's {@code authtype: none}); the operation authenticates its caller itself. */
    UNSIGNED
}
