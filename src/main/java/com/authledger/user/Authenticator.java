package com.authledger.user;

/**
 * A user's TOTP authenticator: the verified secret (sealed) and the time step of the last code it accepted, and a new
 * secret awaiting its first code, with the wrong codes given for it so far. The verified one keeps serving until the
 * new one is verified.
 *
 * @param lastAcceptedStep no code of this step or an earlier one is accepted again ({@link Long#MIN_VALUE}: none yet)
 */
record Authenticator(String sealedSecret, long lastAcceptedStep, String sealedPendingSecret,
                     int pendingWrongAttempts) {

    static final Authenticator NONE = new Authenticator(null, Long.MIN_VALUE, null, 0);

    static Authenticator verified(String sealedSecret, long acceptedStep) {
        return new Authenticator(sealedSecret, acceptedStep, null, 0);
    }

    boolean enrolled() {
        return sealedSecret != null;
    }

    boolean pending() {
        return sealedPendingSecret != null;
    }

    /** The count of wrong codes for the pending secret with one more. */
    int nextPendingWrongTry() {
        return pendingWrongAttempts + 1;
    }

    /** A code of {@code step} was accepted already, or a later one was: it is not accepted again. */
    boolean replays(long step) {
        return step <= lastAcceptedStep;
    }

    Authenticator associated(String sealedPending) {
        return new Authenticator(sealedSecret, lastAcceptedStep, sealedPending, 0);
    }

    Authenticator accepted(long step) {
        return new Authenticator(sealedSecret, step, sealedPendingSecret, pendingWrongAttempts);
    }

    /** A wrong code for the pending secret; {@code voided}: the last allowed, which drops the pending secret. */
    Authenticator pendingRejected(int wrongAttempts, boolean voided) {
        return voided ? new Authenticator(sealedSecret, lastAcceptedStep, null, 0)
                : new Authenticator(sealedSecret, lastAcceptedStep, sealedPendingSecret, wrongAttempts);
    }
}
