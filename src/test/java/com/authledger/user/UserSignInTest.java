package com.authledger.user;

import com.authledger.pool.MfaMode;
import com.authledger.pool.VerificationSettings;
import com.authledger.shared.ErrorCode;
import com.authledger.support.Verifies;
import com.authledger.user.Results.PasswordVerdict;
import com.authledger.user.Results.SignInProfile;
import com.authledger.user.Results.StepVerdict;
import com.authledger.user.SignInRequirement.Factor;
import com.authledger.user.SignInRequirement.Step;
import com.authledger.user.api.Contact;
import com.authledger.user.api.Initiator;
import com.authledger.user.api.PasswordChange;
import com.authledger.user.api.RevocationReason;
import com.authledger.user.api.SignInStep;
import com.authledger.user.api.UserCommand.AuthenticateSignInStep;
import com.authledger.user.api.UserCommand.ChangePassword;
import com.authledger.user.api.UserCommand.ClearSignInFailures;
import com.authledger.user.api.UserCommand.CompleteNewPassword;
import com.authledger.user.api.UserCommand.DescribePasswordVerifier;
import com.authledger.user.api.UserCommand.DescribeSignIn;
import com.authledger.user.api.UserCommand.EnableSmsMfaAtSignIn;
import com.authledger.user.api.UserCommand.RevokeTokens;
import com.authledger.user.api.UserCommand.VerifySignInPassword;
import com.authledger.user.api.UserCommand.VerifySignInPasswordClaim;
import com.authledger.user.api.UserEvent.ContactVerified;
import com.authledger.user.api.UserEvent.MfaPreferenceChanged;
import com.authledger.user.api.UserEvent.PasswordChanged;
import com.authledger.user.api.UserEvent.RecoveryCodeRedeemed;
import com.authledger.user.api.UserEvent.RecoveryCodesGenerated;
import com.authledger.user.api.UserEvent.SignInFailuresCleared;
import com.authledger.user.api.UserEvent.SignInStepFailed;
import com.authledger.user.api.UserEvent.SoftwareTokenCodeAccepted;
import com.authledger.user.api.UserEvent.TokensRevoked;
import com.authledger.user.api.UserStatus;
import com.authledger.user.api.VerifiedThrough;
import com.authledger.user.factor.Totp;
import com.authledger.user.password.Srp6a;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static com.authledger.user.UserFixtures.CONTEXT;
import static com.authledger.user.UserFixtures.NEW_PASSWORD;
import static com.authledger.user.UserFixtures.PASSWORD;
import static com.authledger.user.UserFixtures.PHONE;
import static com.authledger.user.UserFixtures.POOL;
import static com.authledger.user.UserFixtures.SUB;
import static com.authledger.user.UserFixtures.T0;
import static com.authledger.user.UserFixtures.associated;
import static com.authledger.user.UserFixtures.failures;
import static com.authledger.user.UserFixtures.hasCode;
import static com.authledger.user.UserFixtures.phone;
import static com.authledger.user.UserFixtures.preferences;
import static com.authledger.user.UserFixtures.registered;
import static com.authledger.user.UserFixtures.sealed;
import static com.authledger.user.UserFixtures.totpCode;
import static com.authledger.user.UserFixtures.totpOnly;
import static com.authledger.user.UserFixtures.verified;

/**
 * The user's part of a sign-in, on User alone: the password step and its lockout, the second factor (SMS, TOTP once
 * per time step, recovery codes), a temporary password replaced, SMS set up at sign-in, and signing out everywhere.
 */
class UserSignInTest {

    private final UserFixtures users = new UserFixtures();

    /** A confirmed user with nothing enrolled, then {@code more}. */
    private static Object[] confirmedWith(Object... more) {
        List<Object> events = new ArrayList<>();
        events.add(registered(UserStatus.CONFIRMED));
        events.addAll(List.of(more));
        return events.toArray();
    }

    private static SignInStepFailed failedAt(SignInStep step, int consecutive) {
        return new SignInStepFailed(SUB, POOL, step, consecutive, CONTEXT.ipAddress(), CONTEXT.userAgent(),
                CONTEXT.deviceId(), T0);
    }

    /** The profile of a confirmed user with nothing enrolled, in a pool offering both factors: the password only. */
    private static SignInProfile passwordOnly(UserStatus status) {
        return new SignInProfile(SUB, "alice", status, new SignInRequirement(Step.PASSWORD_ONLY, Set.of()), null,
                false, null, null, false, true);
    }

    private static AuthenticateSignInStep step(Factor factor, String code, boolean smsCodeMatched) {
        return new AuthenticateSignInStep(SUB, factor, code, smsCodeMatched, CONTEXT);
    }

    private static Object[] withTotp(Object... more) {
        List<Object> events = new ArrayList<>(List.of(associated(), verified(Totp.step(T0) - 10),
                preferences(false, false, true, true)));
        events.addAll(List.of(more));
        return confirmedWith(events.toArray());
    }

    @Nested
    class Password {

        @Test
        void theRightPasswordThenAcceptedAndWhenItAloneSignsInTheFailuresAreCleared() {
            users.fixture.given(confirmedWith(failures(2, T0.minusSeconds(5)).toArray()))
                    .when(new VerifySignInPassword(SUB, PASSWORD, CONTEXT))
                    .expectEvents(new SignInFailuresCleared(SUB, POOL, T0))
                    .expectResultMessagePayload(PasswordVerdict.accepted(passwordOnly(UserStatus.CONFIRMED)));
        }

        @Test
        void aWrongPasswordThenRejectedAndCountedTowardsTheLockout() {
            users.fixture.given(confirmedWith(failures(2, T0.minusSeconds(5)).toArray()))
                    .when(new VerifySignInPassword(SUB, "Wrong-Password-1", CONTEXT))
                    .expectEvents(failedAt(SignInStep.PASSWORD, 3))
                    .expectResultMessagePayload(PasswordVerdict.rejected());
        }

        @Test
        void afterFiveFailuresThePasswordIsNotCheckedUntilTheWaitIsOver() {
            users.fixture.given(confirmedWith(failures(5, T0).toArray()))
                    .when(new VerifySignInPassword(SUB, PASSWORD, CONTEXT))
                    .expectNoEvents()
                    .expectResultMessagePayload(PasswordVerdict.locked(T0.plusSeconds(1)));
        }

        @Test
        void fifteenQuietMinutesStartTheCountAgain() {
            users.fixture.given(confirmedWith(failures(7, T0.minus(Duration.ofMinutes(15))).toArray()))
                    .when(new VerifySignInPassword(SUB, "Wrong-Password-1", CONTEXT))
                    .expectEvents(failedAt(SignInStep.PASSWORD, 1));
        }

        @Test
        void theSrpProofIsCountedAsAPasswordIs() {
            users.secrets.claimHolds = false;
            users.fixture.given(confirmedWith())
                    .when(new VerifySignInPasswordClaim(SUB, null, CONTEXT))
                    .expectEvents(failedAt(SignInStep.PASSWORD, 1))
                    .expectResultMessagePayload(PasswordVerdict.rejected());
        }

        @Test
        void aHoldingSrpProofThenAccepted() {
            users.fixture.given(confirmedWith())
                    .when(new VerifySignInPasswordClaim(SUB, null, CONTEXT))
                    .expectNoEvents()
                    .expectResultMessagePayload(PasswordVerdict.accepted(passwordOnly(UserStatus.CONFIRMED)));
        }

        @Test
        void describeThePasswordVerifierThenTheStoredSaltAndVerifierOpened() {
            users.fixture.given(confirmedWith())
                    .when(new DescribePasswordVerifier(SUB))
                    .expectNoEvents()
                    .expectResultMessagePayload(new Srp6a.Verifier("5a17", "pw=" + PASSWORD));
        }

        @Test
        void changePasswordWithTheRightPreviousOneThenChangedAndTheTokensRevoked() {
            users.openFamilies = 2;
            users.fixture.given(confirmedWith())
                    .when(new ChangePassword(SUB, PASSWORD, NEW_PASSWORD, CONTEXT))
                    .expectEvents(new PasswordChanged(SUB, POOL, sealed("PASSWORD", "pw=" + NEW_PASSWORD), false,
                                    PasswordChange.CHANGED_BY_USER, Initiator.USER, T0),
                            new TokensRevoked(SUB, POOL, RevocationReason.PASSWORD_CHANGED, 2, Initiator.USER, T0))
                    .expectResultMessagePayload(PasswordVerdict.accepted(null));
        }

        @Test
        void changePasswordWithAWrongPreviousOneThenCountedAsASignInFailure() {
            users.fixture.given(confirmedWith())
                    .when(new ChangePassword(SUB, "Wrong-Password-1", NEW_PASSWORD, CONTEXT))
                    .expectEvents(failedAt(SignInStep.PASSWORD, 1))
                    .expectResultMessagePayload(PasswordVerdict.rejected());
        }

        @Test
        void changePasswordToOneThePolicyRefusesThenNothingIsChecked() {
            users.fixture.given(confirmedWith())
                    .when(new ChangePassword(SUB, "Wrong-Password-1", "short", CONTEXT))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.InvalidPassword));
        }

        @Test
        void completeNewPasswordThenTheTemporaryOneIsReplaced() {
            users.fixture.given(registered(UserStatus.FORCE_CHANGE_PASSWORD))
                    .when(new CompleteNewPassword(SUB, NEW_PASSWORD))
                    .expectEvents(new PasswordChanged(SUB, POOL, sealed("PASSWORD", "pw=" + NEW_PASSWORD), false,
                            PasswordChange.NEW_PASSWORD_REQUIRED, Initiator.USER, T0))
                    .expectResultMessagePayload(passwordOnly(UserStatus.CONFIRMED));
        }

        @Test
        @Verifies(UserRules.OnlyATemporaryPasswordIsReplaced.class)
        void completeNewPasswordWithoutATemporaryOneThenRefused() {
            users.fixture.given(confirmedWith())
                    .when(new CompleteNewPassword(SUB, NEW_PASSWORD))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.InvalidUserState))
                    .expectExceptionMessage("The user has no temporary password to replace.");
        }
    }

    @Nested
    class SecondFactor {

        @Test
        void describeSignInThenTheUsableFactorsThePreferredOneAndThePhoneToSendTo() {
            ContactState phone = new ContactState(sealed("PHONE_NUMBER", PHONE), true, null);
            users.fixture.given(confirmedWith(phone(true), preferences(true, true, false, false)))
                    .when(new DescribeSignIn(SUB))
                    .expectNoEvents()
                    .expectResultMessagePayload(new SignInProfile(SUB, "alice", UserStatus.CONFIRMED,
                            new SignInRequirement(Step.CHALLENGE, Set.of(Factor.SMS_MFA)), Factor.SMS_MFA, true, PHONE,
                            phone.fingerprint(), true, true));
        }

        @Test
        void aPreferredFactorThePoolNoLongerOffersIsNotPreferred() {
            users.pool = UserFixtures.pool(totpOnly(MfaMode.OPTIONAL), VerificationSettings.defaults());
            users.fixture.given(confirmedWith(phone(true), preferences(true, true, false, false)))
                    .when(new DescribeSignIn(SUB))
                    .expectResultMessagePayload(new SignInProfile(SUB, "alice", UserStatus.CONFIRMED,
                            new SignInRequirement(Step.PASSWORD_ONLY, Set.of()), null, true, null,
                            new ContactState(sealed("PHONE_NUMBER", PHONE), true, null).fingerprint(), false, true));
        }

        @Test
        void anSmsCodeTheSessionMatchedThenAcceptedAndTheFailuresCleared() {
            users.fixture.given(confirmedWith(failures(1, T0.minusSeconds(5)).toArray()))
                    .when(step(Factor.SMS_MFA, "123456", true))
                    .expectEvents(new SignInFailuresCleared(SUB, POOL, T0))
                    .expectResultMessagePayload(new StepVerdict(StepVerdict.Outcome.ACCEPTED, "sms"));
        }

        @Test
        void theRightTotpCodeThenAcceptedAndItsStepRecorded() {
            users.fixture.given(withTotp())
                    .when(step(Factor.SOFTWARE_TOKEN_MFA, totpCode(T0), false))
                    .expectEvents(new SoftwareTokenCodeAccepted(SUB, POOL, Totp.step(T0), T0))
                    .expectResultMessagePayload(new StepVerdict(StepVerdict.Outcome.ACCEPTED, "totp"));
        }

        @Test
        void aTotpCodeOfAStepUsedBeforeThenReplayedAndCounted() {
            users.fixture.given(withTotp(new SoftwareTokenCodeAccepted(SUB, POOL, Totp.step(T0), T0)))
                    .when(step(Factor.SOFTWARE_TOKEN_MFA, totpCode(T0), false))
                    .expectEvents(failedAt(SignInStep.MFA, 1))
                    .expectResultMessagePayload(new StepVerdict(StepVerdict.Outcome.REPLAYED, null));
        }

        @Test
        void aWrongCodeThenMismatchAndCounted() {
            users.fixture.given(withTotp())
                    .when(step(Factor.SOFTWARE_TOKEN_MFA, "000000".equals(totpCode(T0)) ? "111111" : "000000", false))
                    .expectEvents(failedAt(SignInStep.MFA, 1))
                    .expectResultMessagePayload(new StepVerdict(StepVerdict.Outcome.MISMATCH, null));
        }

        @Test
        void anUnusedRecoveryCodeInPlaceOfTheFactorsThenRedeemed() {
            users.fixture.given(withTotp(new RecoveryCodesGenerated(SUB, POOL,
                            List.of("mac:recovery:aaaabbbbcccc", "mac:recovery:ddddeeeeffff"), Initiator.USER, T0)))
                    .when(step(Factor.SOFTWARE_TOKEN_MFA, "DDDD-EEEE-FFFF", false))
                    .expectEvents(new RecoveryCodeRedeemed(SUB, POOL, 1, T0))
                    .expectResultMessagePayload(new StepVerdict(StepVerdict.Outcome.ACCEPTED, "recovery-code"));
        }

        @Test
        void aRecoveryCodeRedeemedBeforeThenMismatch() {
            users.fixture.given(withTotp(new RecoveryCodesGenerated(SUB, POOL,
                            List.of("mac:recovery:aaaabbbbcccc", "mac:recovery:ddddeeeeffff"), Initiator.USER, T0),
                            new RecoveryCodeRedeemed(SUB, POOL, 1, T0)))
                    .when(step(Factor.SOFTWARE_TOKEN_MFA, "dddd-eeee-ffff", false))
                    .expectEvents(failedAt(SignInStep.MFA, 1))
                    .expectResultMessagePayload(new StepVerdict(StepVerdict.Outcome.MISMATCH, null));
        }

        @Test
        void aRecoveryCodeWhereOnlyTheSentCodeProvesThePhoneThenMismatch() {
            users.fixture.given(withTotp(new RecoveryCodesGenerated(SUB, POOL, List.of("mac:recovery:aaaabbbbcccc"),
                            Initiator.USER, T0)))
                    .when(new AuthenticateSignInStep(SUB, Factor.SMS_MFA, "aaaa-bbbb-cccc", false, false, CONTEXT))
                    .expectEvents(failedAt(SignInStep.MFA, 1));
        }

        @Test
        void whileLockedOutTheFactorIsNotChecked() {
            Instant last = T0.minusMillis(500);
            users.fixture.given(withTotp(failures(5, last).toArray()))
                    .when(step(Factor.SOFTWARE_TOKEN_MFA, totpCode(T0), false))
                    .expectNoEvents()
                    .expectResultMessagePayload(new StepVerdict(StepVerdict.Outcome.LOCKED, null));
        }
    }

    @Nested
    class SmsSetUpAndSignOut {

        private String servingPhoneVersion() {
            return new ContactState(sealed("PHONE_NUMBER", PHONE), false, null).fingerprint();
        }

        @Test
        void enableSmsAtSignInThenThePhoneNumberIsVerifiedAndSmsEnabled() {
            users.fixture.given(confirmedWith(phone(false)))
                    .when(new EnableSmsMfaAtSignIn(SUB, servingPhoneVersion()))
                    .expectEvents(new ContactVerified(SUB, POOL, Contact.PHONE_NUMBER, VerifiedThrough.SIGN_IN_CODE,
                                    Initiator.USER, T0),
                            new MfaPreferenceChanged(SUB, POOL, true, true, false, false, Initiator.USER, T0));
        }

        @Test
        @Verifies(UserRules.SetUpCodeWentToTheServingPhone.class)
        void enableSmsAtSignInWhenThePhoneNumberChangedMeanwhileThenRefused() {
            users.fixture.given(confirmedWith(phone(false)))
                    .when(new EnableSmsMfaAtSignIn(SUB, "another-version"))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.InvalidUserState))
                    .expectExceptionMessage("The phone number changed while its code was on the way; sign in again.");
        }

        @Test
        @Verifies(UserRules.PoolOffers.class)
        void enableSmsAtSignInWhereThePoolStoppedOfferingSmsThenRefused() {
            users.pool = UserFixtures.pool(totpOnly(MfaMode.OPTIONAL), VerificationSettings.defaults());
            users.fixture.given(confirmedWith(phone(false)))
                    .when(new EnableSmsMfaAtSignIn(SUB, servingPhoneVersion()))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.FactorNotSupportedByPool))
                    .expectExceptionMessage("The pool does not offer SMS MFA.");
        }

        @Test
        void clearSignInFailuresThenClearedOnlyWhenThereAreSome() {
            users.fixture.given(confirmedWith(failures(3, T0.minusSeconds(5)).toArray()))
                    .when(new ClearSignInFailures(SUB))
                    .expectEvents(new SignInFailuresCleared(SUB, POOL, T0));
        }

        @Test
        void clearSignInFailuresWithoutAnyThenNothingIsRecorded() {
            users.fixture.given(confirmedWith())
                    .when(new ClearSignInFailures(SUB))
                    .expectNoEvents();
        }

        @Test
        void signOutEverywhereIsRecordedEvenWithoutOpenTokens() {
            users.fixture.given(confirmedWith())
                    .when(new RevokeTokens(SUB, Initiator.USER))
                    .expectEvents(new TokensRevoked(SUB, POOL, RevocationReason.SIGNED_OUT, 0, Initiator.USER, T0))
                    .expectResultMessagePayload(0);
        }
    }
}
