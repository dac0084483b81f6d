package com.authledger.signin;

import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.user.Results.StepVerdict.Outcome;
import com.authledger.user.api.Attributes;
import com.authledger.user.api.Contact;
import com.authledger.user.api.Initiator;
import com.authledger.user.api.UserCommand;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The step-up rule: a sign-in under five minutes old, or an accepted MFA answer; otherwise a refusal saying which. */
class StepUpTest {

    static final Instant SIGNED_IN = Instant.parse("2026-03-01T09:00:00Z");

    /** The step-up policy: the one place that says which of a user's own changes need a step-up. */
    @Test
    void changesToTheFactorsNeedAStepUp() {
        assertThat(StepUp.requiredFor(new UserCommand.AssociateSoftwareToken("sub", Initiator.USER))).isTrue();
        assertThat(StepUp.requiredFor(new UserCommand.VerifySoftwareToken("sub", "123456", null, false,
                Initiator.USER))).isTrue();
        assertThat(StepUp.requiredFor(new UserCommand.SetUserMfaPreference("sub", null, null, Initiator.USER)))
                .isTrue();
        assertThat(StepUp.requiredFor(new UserCommand.GenerateRecoveryCodes("sub", Initiator.USER))).isTrue();
    }

    @Test
    void verifyingAPhoneNumberNeedsAStepUpAndVerifyingAnEmailDoesNot() {
        assertThat(StepUp.requiredFor(new UserCommand.VerifyContact("sub", Contact.PHONE_NUMBER, "123456",
                Initiator.USER))).isTrue();
        assertThat(StepUp.requiredFor(new UserCommand.VerifyContact("sub", Contact.EMAIL, "123456",
                Initiator.USER))).isFalse();
    }

    @Test
    void changingAContactNeedsAStepUpAndChangingTheNameAloneDoesNot() {
        assertThat(StepUp.requiredFor(new UserCommand.UpdateUserAttributes("sub",
                new Attributes(null, null, "+15555550123", null, null), Initiator.USER))).isTrue();
        assertThat(StepUp.requiredFor(new UserCommand.UpdateUserAttributes("sub",
                new Attributes(null, "alice@shop.example", null, null, null), Initiator.USER))).isTrue();
        assertThat(StepUp.requiredFor(new UserCommand.UpdateUserAttributes("sub",
                new Attributes("Alice", null, null, null, null), Initiator.USER))).isFalse();
    }

    @Test
    void askingForACodeAndSigningOutNeedNoStepUp() {
        assertThat(StepUp.requiredFor(new UserCommand.RequestContactVerification("sub", Contact.EMAIL))).isFalse();
        assertThat(StepUp.requiredFor(new UserCommand.RevokeTokens("sub", Initiator.USER))).isFalse();
    }

    @Test
    void aSignInUnderFiveMinutesOldIsEnoughAndOneOfFiveMinutesIsNot() {
        assertThat(StepUp.recentSignIn(SIGNED_IN, SIGNED_IN)).isTrue();
        assertThat(StepUp.recentSignIn(SIGNED_IN, SIGNED_IN.plus(Duration.ofMinutes(5)).minusSeconds(1))).isTrue();
        assertThat(StepUp.recentSignIn(SIGNED_IN, SIGNED_IN.plus(Duration.ofMinutes(5)))).isFalse();
        assertThat(StepUp.recentSignIn(SIGNED_IN, SIGNED_IN.plus(Duration.ofHours(3)))).isFalse();
    }

    @Test
    void aSignInTimeSlightlyAheadOfTheServerClockCountsAsRecent() {
        assertThat(StepUp.recentSignIn(SIGNED_IN.plusSeconds(2), SIGNED_IN)).isTrue();
    }

    @Test
    void aTokenWithoutSignInTimeNeverStepsUpByItself() {
        assertThat(StepUp.recentSignIn(null, SIGNED_IN)).isFalse();
        AuthledgerException refused = catchThrowableOfType(AuthledgerException.class,
                () -> StepUp.requireAnswer(null, null, SIGNED_IN));
        assertThat(refused.code()).isEqualTo(ErrorCode.StepUpRequired);
        assertThat(refused.getMessage()).contains("no sign-in time (auth_time)");
    }

    @Test
    void withoutACodeTheRefusalSaysHowOldTheSignInIsAndWhatWouldDo() {
        AuthledgerException refused = catchThrowableOfType(AuthledgerException.class,
                () -> StepUp.requireAnswer(null, SIGNED_IN, SIGNED_IN.plus(Duration.ofMinutes(7))));
        assertThat(refused.code()).isEqualTo(ErrorCode.StepUpRequired);
        assertThat(refused.getMessage())
                .contains("this token's sign-in was 7 minutes ago")
                .contains("within 5 minutes")
                .contains("X-MFA-Code");
    }

    @Test
    void agesAreSaidInAUnitThatReadsWell() {
        assertThat(StepUp.age(SIGNED_IN, SIGNED_IN.plusSeconds(90))).endsWith("90 seconds ago");
        assertThat(StepUp.age(SIGNED_IN, SIGNED_IN.plus(Duration.ofMinutes(65)))).endsWith("65 minutes ago");
        assertThat(StepUp.age(SIGNED_IN, SIGNED_IN.plus(Duration.ofHours(30)))).endsWith("30 hours ago");
        assertThat(StepUp.age(SIGNED_IN, SIGNED_IN.plus(Duration.ofDays(3)))).endsWith("3 days ago");
    }

    @Test
    void anAnswerIsASixDigitCodeOrARecoveryCodeAndAnythingElseIsRefusedUnchecked() {
        Instant late = SIGNED_IN.plus(Duration.ofMinutes(6));
        assertThat(StepUp.requireAnswer(" 123456 ", SIGNED_IN, late)).isEqualTo("123456");
        assertThat(StepUp.requireAnswer("abcd-efgh-2345", SIGNED_IN, late)).isEqualTo("abcd-efgh-2345");
        assertThat(StepUp.requireAnswer("ABCD EFGH 2345", SIGNED_IN, late)).isEqualTo("ABCD EFGH 2345");
        for (String bad : new String[]{"", "12345", "1234567", "12345a", "abcd-efgh-234", "abcd-efgh-2341",
                "x".repeat(65)}) {
            AuthledgerException refused = catchThrowableOfType(AuthledgerException.class,
                    () -> StepUp.requireAnswer(bad, SIGNED_IN, late));
            assertThat(refused.code()).as(bad).isEqualTo(ErrorCode.InvalidParameter);
            assertThat(refused.getMessage()).startsWith("X-MFA-Code ").doesNotContain(bad.isEmpty() ? "\u0000" : bad);
        }
    }

    @Test
    void anAcceptedAnswerLetsTheChangeGoAhead() {
        assertThatCode(() -> StepUp.requireAccepted(Outcome.ACCEPTED, SIGNED_IN,
                SIGNED_IN.plus(Duration.ofHours(1)))).doesNotThrowAnyException();
    }

    @Test
    void aWrongAnswerIsACodeMismatchThatSaysTheCodeWasRefusedAndWhatWouldDo() {
        AuthledgerException refused = catchThrowableOfType(AuthledgerException.class,
                () -> StepUp.requireAccepted(Outcome.MISMATCH, SIGNED_IN, SIGNED_IN.plus(Duration.ofMinutes(9))));
        assertThat(refused.code()).isEqualTo(ErrorCode.CodeMismatch);
        assertThat(refused.getMessage()).contains("X-MFA-Code header was refused")
                .contains("9 minutes ago").contains("within the last 5 minutes");
    }

    @Test
    void aReplayedCodeIsRefusedAsUsedAndALockedOutUserIsNotChecked() {
        Instant late = SIGNED_IN.plus(Duration.ofMinutes(9));
        AuthledgerException replayed = catchThrowableOfType(AuthledgerException.class,
                () -> StepUp.requireAccepted(Outcome.REPLAYED, SIGNED_IN, late));
        assertThat(replayed.code()).isEqualTo(ErrorCode.ExpiredCode);
        assertThat(replayed.getMessage()).contains("already been used once");
        assertThatThrownBy(() -> StepUp.requireAccepted(Outcome.LOCKED, SIGNED_IN, late))
                .isInstanceOfSatisfying(AuthledgerException.class,
                        locked -> assertThat(locked.code()).isEqualTo(ErrorCode.PasswordAttemptsExceeded));
    }
}
