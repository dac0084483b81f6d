package com.authledger.infra.storeddata;

import com.authledger.client.api.AppClientCreated;
import com.authledger.client.api.AppClientSettings;
import com.authledger.client.api.AppClientUpdated;
import com.authledger.client.api.AuthFlow;
import com.authledger.pool.api.MfaSettings;
import com.authledger.pool.api.PasswordPolicySettings;
import com.authledger.pool.api.PoolCreated;
import com.authledger.pool.api.PoolMfaConfigured;
import com.authledger.pool.api.PoolPasswordPolicyChanged;
import com.authledger.signin.api.ChallengeName;
import com.authledger.signin.api.SignInEvent.ChallengeFailed;
import com.authledger.signin.api.SignInEvent.ChallengeIssued;
import com.authledger.signin.api.SignInEvent.PasswordVerifierIssued;
import com.authledger.signin.api.SignInEvent.RefreshTokenRotated;
import com.authledger.signin.api.SignInEvent.SignInStarted;
import com.authledger.signin.api.SignInEvent.SignInSucceeded;
import com.authledger.user.api.Channel;
import com.authledger.user.api.CodePurpose;
import com.authledger.user.api.Contact;
import com.authledger.user.api.Initiator;
import com.authledger.user.api.SignInStep;
import com.authledger.user.api.UserEvent.CodeRejected;
import com.authledger.user.api.UserEvent.CodeSent;
import com.authledger.user.api.UserEvent.ContactChanged;
import com.authledger.user.api.UserEvent.ContactVerified;
import com.authledger.user.api.UserEvent.MfaPreferenceChanged;
import com.authledger.user.api.UserEvent.PasswordChanged;
import com.authledger.user.api.UserEvent.PasswordResetRefused;
import com.authledger.user.api.UserEvent.RecoveryCodeRedeemed;
import com.authledger.user.api.UserEvent.RecoveryCodesGenerated;
import com.authledger.user.api.UserEvent.SignInStepFailed;
import com.authledger.user.api.UserEvent.SoftwareTokenAssociated;
import com.authledger.user.api.UserEvent.SoftwareTokenCodeAccepted;
import com.authledger.user.api.UserEvent.SoftwareTokenCodeRejected;
import com.authledger.user.api.UserEvent.SoftwareTokenVerified;
import com.authledger.user.api.UserEvent.UserRegistered;
import com.authledger.user.api.UserStatus;
import com.authledger.user.api.PasswordChange;
import com.authledger.user.api.VerifiedThrough;

import java.time.Instant;
import java.util.List;

/**
 * For each aggregate, a history that sets every part of its state that matters for security (for a user: its last
 * accepted TOTP step, its pending authenticator and its wrong tries, its failure count, its codes, its recovery codes),
 * from which the snapshot fixtures were taken. A snapshot's test folds the same history and compares.
 */
final class Streams {

    static final String POOL = "us-east-1_Fixture01";
    static final String SUB = "5f0c7e1e-9a52-4c61-8d0b-2a6f31c3e001";
    static final String CLIENT = "fixtureclient0000000000001";
    static final String SESSION = "0b6c2c55-7a3e-4f0e-9d43-0f3c1a6b7e02";
    /** The step of the last TOTP code the user's authenticator had accepted: no code of it or before is taken again. */
    static final long LAST_ACCEPTED_STEP = 59_344_210L;
    static final int SIGN_IN_FAILURES = 3;

    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00.000001Z");

    private Streams() {
    }

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    static List<Object> userPool() {
        MfaSettings optional = new MfaSettings("OPTIONAL", true, "Your code is {####}.", true, false,
                "arn:aws:iam::123456789012:role/sms", "external-1", "eu-west-1", null);
        MfaSettings adaptive = new MfaSettings("OPTIONAL", true, "Your Shop code is {####}.", true, true,
                "arn:aws:iam::123456789012:role/sms", "external-1", "eu-west-1", null);
        return List.of(
                new PoolCreated(POOL, "Fixture pool", optional, List.of("phone_number", "email"),
                        "Your verification code is {####}.", "Your verification code is {####}.",
                        new PasswordPolicySettings(10, true, true, true, false), at(0)),
                new PoolMfaConfigured(POOL, adaptive, at(10), 4),
                new PoolPasswordPolicyChanged(POOL, new PasswordPolicySettings(14, true, true, true, true), at(20)));
    }

    static List<Object> appClient() {
        return List.of(
                new AppClientCreated(CLIENT, POOL, new AppClientSettings("web", 60, 60, 43200, 3,
                        List.of(AuthFlow.ALLOW_USER_SRP_AUTH, AuthFlow.ALLOW_REFRESH_TOKEN_AUTH)),
                        "v1.c2VhbGVkIGNsaWVudCBzZWNyZXQ", at(0)),
                new AppClientUpdated(CLIENT, POOL, new AppClientSettings("web shop", 30, 30, 43200, 5,
                        List.of(AuthFlow.ALLOW_USER_SRP_AUTH, AuthFlow.ALLOW_USER_PASSWORD_AUTH,
                                AuthFlow.ALLOW_REFRESH_TOKEN_AUTH)), at(10)));
    }

    static List<Object> user() {
        return List.of(
                new UserRegistered(SUB, POOL, "alice", UserStatus.FORCE_CHANGE_PASSWORD, Initiator.ADMIN,
                        "v1.c2VhbGVkIHZlcmlmaWVyIDE", "v1.c2VhbGVkIG5hbWU", at(0)),
                new ContactChanged(SUB, POOL, Contact.PHONE_NUMBER, "v1.c2VhbGVkIHBob25lIDE", false, false,
                        Initiator.ADMIN, at(0)),
                new ContactChanged(SUB, POOL, Contact.EMAIL, "v1.c2VhbGVkIGVtYWls", false, true, Initiator.ADMIN,
                        at(0)),
                new PasswordChanged(SUB, POOL, "v1.c2VhbGVkIHZlcmlmaWVyIDI", false,
                        PasswordChange.NEW_PASSWORD_REQUIRED, Initiator.USER, at(60)),
                new CodeSent(SUB, POOL, CodePurpose.VERIFY_PHONE_NUMBER, Channel.SMS, "mac-phone-code-1",
                        at(120).plusSeconds(86_400), at(120)),
                new ContactVerified(SUB, POOL, Contact.PHONE_NUMBER, VerifiedThrough.CODE, Initiator.USER, at(150)),
                new SoftwareTokenAssociated(SUB, POOL, "v1.c2VhbGVkIHRvdHAgMQ", Initiator.USER, at(200)),
                new SoftwareTokenVerified(SUB, POOL, "v1.c2VhbGVkIHRvdHAgMQ", "phone", LAST_ACCEPTED_STEP - 5,
                        true, Initiator.USER, at(230)),
                new MfaPreferenceChanged(SUB, POOL, true, false, true, true, Initiator.USER, at(240)),
                new RecoveryCodesGenerated(SUB, POOL, List.of("mac-recovery-0", "mac-recovery-1", "mac-recovery-2"),
                        Initiator.USER, at(250)),
                new RecoveryCodeRedeemed(SUB, POOL, 1, at(300)),
                new SoftwareTokenCodeAccepted(SUB, POOL, LAST_ACCEPTED_STEP, at(330)),
                // a second authenticator, pending, with two wrong codes so far
                new SoftwareTokenAssociated(SUB, POOL, "v1.c2VhbGVkIHRvdHAgMg", Initiator.USER, at(400)),
                new SoftwareTokenCodeRejected(SUB, POOL, 2, false, at(410)),
                new CodeSent(SUB, POOL, CodePurpose.RESET_PASSWORD, Channel.SMS, "mac-reset-code-1",
                        at(500).plusSeconds(3_600), at(500)),
                new CodeRejected(SUB, POOL, CodePurpose.RESET_PASSWORD, 1, false, at(510)),
                new PasswordResetRefused(SUB, POOL, "NO_DELIVERY_CHANNEL", at(520)),
                new SignInStepFailed(SUB, POOL, SignInStep.PASSWORD, 1, "203.0.113.7", "curl/8", "device-1",
                        at(600)),
                new SignInStepFailed(SUB, POOL, SignInStep.PASSWORD, 2, "203.0.113.7", "curl/8", "device-1",
                        at(601)),
                new SignInStepFailed(SUB, POOL, SignInStep.MFA, SIGN_IN_FAILURES, "203.0.113.7", "curl/8",
                        "device-1", at(602)));
    }

    static List<Object> signInSession() {
        ChallengeIssued totp = new ChallengeIssued(SESSION, POOL, SUB, ChallengeName.SOFTWARE_TOKEN_MFA,
                "step-hash-2", List.of(), null, null, null, null, at(33).plusSeconds(180), at(33));
        return List.of(
                new PasswordVerifierIssued(SESSION, POOL, CLIENT, SUB, "name-mac-1", "step-hash-1", "a1b2c3",
                        "mk-1", "203.0.113.7", "aws-amplify/6", "device-1", at(180), at(0)),
                new SignInStarted(SESSION, POOL, CLIENT, SUB, "alice", true, "203.0.113.7", "aws-amplify/6",
                        "device-1", at(30), totp),
                new ChallengeFailed(SESSION, POOL, SUB, ChallengeName.SOFTWARE_TOKEN_MFA, 1, false, "wrong code",
                        at(40)),
                new SignInSucceeded(SESSION, POOL, SUB, CLIENT, ChallengeName.SOFTWARE_TOKEN_MFA, "totp",
                        List.of("pwd", "otp"), "refresh-hash-0", at(50).plusSeconds(2_592_000), at(50)),
                new RefreshTokenRotated(SESSION, POOL, SUB, 1, "refresh-hash-1", at(3_600)));
    }

}
