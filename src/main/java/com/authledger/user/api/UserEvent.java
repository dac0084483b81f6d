package com.authledger.user.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * Everything a {@code User} emits. Personal and secret values (phone numbers, email addresses, names, the password's
 * SRP verifier, TOTP secrets) travel only sealed under the user's data key ({@code v1.<base64>}); one-time codes only
 * as keyed HMACs. Deleting the user's data key therefore leaves every event readable but none of those values.
 */
public sealed interface UserEvent {

    String sub();

    String poolId();

    Instant occurredAt();

    /** An event of a change that an admin or the user made. */
    interface Initiated {
        Initiator by();
    }

    /**
     * A new user: signed up (UNCONFIRMED) or created by an admin (FORCE_CHANGE_PASSWORD, or CONFIRMED). Revision 2:
     * {@code sealedVerifier} (the password's SRP salt and verifier, sealed) was named {@code sealedPassword} in
     * revision 1, as if the password were kept ({@code SealedVerifierUpcaster}).
     */
    @Revision("2")
    record UserRegistered(String sub, String poolId, String username, UserStatus status, Initiator by,
                          String sealedVerifier, String sealedName, Instant occurredAt) implements UserEvent, Initiated {
    }

    /**
     * A contact value (phone number or email) was given. {@code pending}: the user has a verified value that keeps
     * serving until this one is verified; otherwise it replaces the current value, unverified unless
     * {@code verified} (an admin vouched for it).
     */
    @Revision("1")
    record ContactChanged(String sub, String poolId, Contact contact, String sealedValue, boolean pending,
                          boolean verified, Initiator by, Instant occurredAt) implements UserEvent, Initiated {
    }

    /** The pending (or current unverified) value of a contact was verified and now serves. */
    @Revision("1")
    record ContactVerified(String sub, String poolId, Contact contact, VerifiedThrough through, Initiator by,
                           Instant occurredAt) implements UserEvent, Initiated {
    }

    @Revision("1")
    record ContactRemoved(String sub, String poolId, Contact contact, Initiator by, Instant occurredAt)
            implements UserEvent, Initiated {
    }

    @Revision("1")
    record NameChanged(String sub, String poolId, String sealedName, Initiator by, Instant occurredAt)
            implements UserEvent, Initiated {
    }

    /** A one-time code was sent; only its HMAC is kept. A newer code for the same purpose voids the older one. */
    @Revision("1")
    record CodeSent(String sub, String poolId, CodePurpose purpose, Channel channel, String codeMac,
                    Instant expiresAt, Instant occurredAt) implements UserEvent {
    }

    /** A wrong code; the 5th wrong one voids the pending code. */
    @Revision("1")
    record CodeRejected(String sub, String poolId, CodePurpose purpose, int wrongAttempts, boolean voided,
                        Instant occurredAt) implements UserEvent {
    }

    @Revision("1")
    record SignUpConfirmed(String sub, String poolId, Initiator by, Instant occurredAt) implements UserEvent, Initiated {
    }

    /**
     * A new password (its SRP salt and verifier, sealed). Temporary: FORCE_CHANGE_PASSWORD until replaced. Revision 2
     * as {@link UserRegistered}'s.
     */
    @Revision("2")
    record PasswordChanged(String sub, String poolId, String sealedVerifier, boolean temporary,
                           PasswordChange reason, Initiator by, Instant occurredAt) implements UserEvent, Initiated {
    }

    /** An admin demanded a reset: RESET_REQUIRED until the user completes it with a code. */
    @Revision("1")
    record PasswordResetRequired(String sub, String poolId, Initiator by, Instant occurredAt) implements UserEvent, Initiated {
    }

    /** A reset was asked for and no code was sent; the public answer did not say so, the audit history does. */
    @Revision("1")
    record PasswordResetRefused(String sub, String poolId, String reason, Instant occurredAt) implements UserEvent {
    }

    /** A new TOTP secret, pending until verified; the verified one (if any) keeps serving until then. */
    @Revision("1")
    record SoftwareTokenAssociated(String sub, String poolId, String sealedSecret, Initiator by, Instant occurredAt)
            implements UserEvent, Initiated {
    }

    /** The pending secret was proven with a code and replaces the previous authenticator. */
    @Revision("1")
    record SoftwareTokenVerified(String sub, String poolId, String sealedSecret, String friendlyDeviceName,
                                 long acceptedStep, boolean totpEnabled, Initiator by, Instant occurredAt)
            implements UserEvent, Initiated {
    }

    /** A code of the verified authenticator was accepted; no code of this or an earlier step is accepted again. */
    @Revision("1")
    record SoftwareTokenCodeAccepted(String sub, String poolId, long acceptedStep, Instant occurredAt)
            implements UserEvent {
    }

    /** A wrong code for the pending secret; the 5th voids it. */
    @Revision("1")
    record SoftwareTokenCodeRejected(String sub, String poolId, int wrongAttempts, boolean voided,
                                     Instant occurredAt) implements UserEvent {
    }

    /** An admin removed the user's authenticator: TOTP is off until a new one is associated and verified. */
    @Revision("1")
    record SoftwareTokenReset(String sub, String poolId, Initiator by, Instant occurredAt) implements UserEvent, Initiated {
    }

    @Revision("1")
    record MfaPreferenceChanged(String sub, String poolId, boolean smsEnabled, boolean smsPreferred,
                                boolean totpEnabled, boolean totpPreferred, Initiator by, Instant occurredAt)
            implements UserEvent, Initiated {
    }

    /** A new set of recovery codes (HMACs only); the previous set is void. */
    @Revision("1")
    record RecoveryCodesGenerated(String sub, String poolId, List<String> codeMacs, Initiator by, Instant occurredAt)
            implements UserEvent, Initiated {
    }

    @Revision("1")
    record RecoveryCodeRedeemed(String sub, String poolId, int index, Instant occurredAt) implements UserEvent {
    }

    /** The user is gone: its name is free again and its data key shredded. */
    @Revision("1")
    record UserDeleted(String sub, String poolId, String username, Initiator by, Instant occurredAt)
            implements UserEvent, Initiated {
    }

    /**
     * A sign-in step failed (a wrong password or a wrong second factor): {@code consecutiveFailures} counts the
     * failures since the last completed sign-in, which the lockout rule reads. The context is the end user's.
     */
    @Revision("1")
    record SignInStepFailed(String sub, String poolId, SignInStep step, int consecutiveFailures, String ipAddress,
                            String userAgent, String deviceId, Instant occurredAt) implements UserEvent {
    }

    /** A sign-in completed after failed steps: the count starts again from zero. */
    @Revision("1")
    record SignInFailuresCleared(String sub, String poolId, Instant occurredAt) implements UserEvent {
    }

    /**
     * No refresh token issued before now is accepted, and no ID or access token issued with one: a sign-out
     * everywhere, a password change or reset, an admin's factor reset, or the user's deletion ({@code reason}).
     */
    @Revision("1")
    record TokensRevoked(String sub, String poolId, String reason, int families, Initiator by, Instant occurredAt)
            implements UserEvent, Initiated {
    }
}
