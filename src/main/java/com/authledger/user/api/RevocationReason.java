package com.authledger.user.api;

/** Why a user's tokens were revoked (the {@code reason} of {@code TokensRevoked} and of the token families). */
public final class RevocationReason {

    public static final String SIGNED_OUT = "signed-out";
    public static final String PASSWORD_CHANGED = "password-changed";
    public static final String PASSWORD_RESET = "password-reset";
    public static final String FACTOR_RESET = "factor-reset";
    public static final String USER_DELETED = "user-deleted";
    /** The holder of a refresh token revoked it (Cognito's RevokeToken): its family goes, the user's others stay. */
    public static final String TOKEN_REVOKED = "token-revoked";
    /** A rotated refresh token came back: someone holds a copy, so the whole family goes. */
    public static final String REFRESH_TOKEN_REUSED = "refresh-token-reused";

    private RevocationReason() {
    }
}
