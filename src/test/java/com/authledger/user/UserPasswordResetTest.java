package com.authledger.user;

import com.authledger.pool.MfaMode;
import com.authledger.pool.VerificationSettings;
import com.authledger.shared.ErrorCode;
import com.authledger.support.Verifies;
import com.authledger.user.Results.CodeDelivery;
import com.authledger.user.Results.CodeVerdict;
import com.authledger.user.Results.PasswordResetOutcome;
import com.authledger.user.api.Channel;
import com.authledger.user.api.CodePurpose;
import com.authledger.user.api.Contact;
import com.authledger.user.api.Initiator;
import com.authledger.user.api.PasswordChange;
import com.authledger.user.api.RevocationReason;
import com.authledger.user.api.UserCommand.AdminResetUserPassword;
import com.authledger.user.api.UserCommand.ConfirmPasswordReset;
import com.authledger.user.api.UserCommand.RequestPasswordReset;
import com.authledger.user.api.UserEvent.CodeRejected;
import com.authledger.user.api.UserEvent.PasswordChanged;
import com.authledger.user.api.UserEvent.PasswordResetRefused;
import com.authledger.user.api.UserEvent.PasswordResetRequired;
import com.authledger.user.api.UserEvent.TokensRevoked;
import com.authledger.user.api.UserStatus;
import org.junit.jupiter.api.Test;

import static com.authledger.user.UserFixtures.EMAIL;
import static com.authledger.user.UserFixtures.NEW_PASSWORD;
import static com.authledger.user.UserFixtures.PHONE;
import static com.authledger.user.UserFixtures.POOL;
import static com.authledger.user.UserFixtures.SUB;
import static com.authledger.user.UserFixtures.T0;
import static com.authledger.user.UserFixtures.codeSent;
import static com.authledger.user.UserFixtures.email;
import static com.authledger.user.UserFixtures.hasCode;
import static com.authledger.user.UserFixtures.phone;
import static com.authledger.user.UserFixtures.preferences;
import static com.authledger.user.UserFixtures.registered;
import static com.authledger.user.UserFixtures.sealed;
import static com.authledger.user.UserFixtures.totpOnly;

/**
 * Password resets on User alone: the code's channel stays disjoint from the MFA factor, a reset refused is recorded
 * (once an hour per reason) and answered as if it were not, and a reset completed revokes the user's tokens.
 */
class UserPasswordResetTest {

    private static final String SMS_IS_THE_FACTOR = "SMS is the user's MFA factor, so it cannot also recover the "
            + "account, and the user has no verified email.";
    private static final String NO_CHANNEL =
            "The user has no verified phone number the pool can send to and no verified email.";

    private final UserFixtures users = new UserFixtures();

    @Test
    void requestWithAVerifiedPhoneNumberThenTheCodeGoesBySms() {
        users.fixture.given(registered(UserStatus.CONFIRMED), phone(true))
                .when(new RequestPasswordReset(SUB))
                .expectEvents(codeSent(CodePurpose.RESET_PASSWORD, Channel.SMS, T0))
                .expectResultMessagePayload(new PasswordResetOutcome(CodeDelivery.to(Contact.PHONE_NUMBER, PHONE),
                        null));
    }

    @Test
    void requestWhenSmsIsTheMfaFactorThenTheCodeGoesToTheVerifiedEmail() {
        users.fixture.given(registered(UserStatus.CONFIRMED), phone(true), email(true),
                        preferences(true, true, false, false))
                .when(new RequestPasswordReset(SUB))
                .expectEvents(codeSent(CodePurpose.RESET_PASSWORD, Channel.EMAIL, T0))
                .expectResultMessagePayload(new PasswordResetOutcome(CodeDelivery.to(Contact.EMAIL, EMAIL), null));
    }

    @Test
    void requestWhenSmsIsTheMfaFactorAndThereIsNoVerifiedEmailThenRefusedAndRecorded() {
        users.fixture.given(registered(UserStatus.CONFIRMED), phone(true), preferences(true, true, false, false))
                .when(new RequestPasswordReset(SUB))
                .expectEvents(new PasswordResetRefused(SUB, POOL, SMS_IS_THE_FACTOR, T0))
                .expectResultMessagePayload(new PasswordResetOutcome(null, SMS_IS_THE_FACTOR));
    }

    @Test
    void requestWhenThePoolCannotSendSmsAndThereIsNoVerifiedEmailThenRefused() {
        users.pool = UserFixtures.pool(totpOnly(MfaMode.OPTIONAL), VerificationSettings.defaults());
        users.fixture.given(registered(UserStatus.CONFIRMED), phone(true))
                .when(new RequestPasswordReset(SUB))
                .expectEvents(new PasswordResetRefused(SUB, POOL, NO_CHANNEL, T0))
                .expectResultMessagePayload(new PasswordResetOutcome(null, NO_CHANNEL));
    }

    @Test
    void requestBeyondTheHourlyBudgetThenRefused() {
        String reason = "More than 5 messages were sent to the user within the hour.";
        users.fixture.given(registered(UserStatus.CONFIRMED), email(true),
                        codeSent(CodePurpose.RESET_PASSWORD, Channel.EMAIL, T0.minusSeconds(50)),
                        codeSent(CodePurpose.RESET_PASSWORD, Channel.EMAIL, T0.minusSeconds(40)),
                        codeSent(CodePurpose.RESET_PASSWORD, Channel.EMAIL, T0.minusSeconds(30)),
                        codeSent(CodePurpose.RESET_PASSWORD, Channel.EMAIL, T0.minusSeconds(20)),
                        codeSent(CodePurpose.RESET_PASSWORD, Channel.EMAIL, T0.minusSeconds(10)))
                .when(new RequestPasswordReset(SUB))
                .expectEvents(new PasswordResetRefused(SUB, POOL, reason, T0))
                .expectResultMessagePayload(new PasswordResetOutcome(null, reason));
    }

    @Test
    void requestBeforeTheSignUpIsConfirmedThenRefused() {
        users.fixture.given(registered(UserStatus.UNCONFIRMED), email(true))
                .when(new RequestPasswordReset(SUB))
                .expectEvents(new PasswordResetRefused(SUB, POOL, "The user has not confirmed their sign-up.", T0));
    }

    @Test
    void theSameRefusalWithinTheHourIsNotRecordedAgain() {
        users.fixture.given(registered(UserStatus.CONFIRMED),
                        new PasswordResetRefused(SUB, POOL, NO_CHANNEL, T0.minusSeconds(3599)))
                .when(new RequestPasswordReset(SUB))
                .expectNoEvents()
                .expectResultMessagePayload(new PasswordResetOutcome(null, NO_CHANNEL));
    }

    @Test
    void theSameRefusalAnHourLaterIsRecordedAgain() {
        users.fixture.given(registered(UserStatus.CONFIRMED),
                        new PasswordResetRefused(SUB, POOL, NO_CHANNEL, T0.minusSeconds(3600)))
                .when(new RequestPasswordReset(SUB))
                .expectEvents(new PasswordResetRefused(SUB, POOL, NO_CHANNEL, T0));
    }

    @Test
    void adminResetThenResetRequiredTokensRevokedAndACodeSent() {
        users.openFamilies = 3;
        users.fixture.given(registered(UserStatus.CONFIRMED), email(true))
                .when(new AdminResetUserPassword(SUB))
                .expectEvents(new PasswordResetRequired(SUB, POOL, Initiator.ADMIN, T0),
                        new TokensRevoked(SUB, POOL, RevocationReason.PASSWORD_RESET, 3, Initiator.ADMIN, T0),
                        codeSent(CodePurpose.RESET_PASSWORD, Channel.EMAIL, T0))
                .expectResultMessagePayload(new PasswordResetOutcome(CodeDelivery.to(Contact.EMAIL, EMAIL), null));
    }

    @Test
    void adminResetWithoutAChannelThenResetRequiredAndTheAdminIsTold() {
        users.fixture.given(registered(UserStatus.CONFIRMED))
                .when(new AdminResetUserPassword(SUB))
                .expectEvents(new PasswordResetRequired(SUB, POOL, Initiator.ADMIN, T0),
                        new PasswordResetRefused(SUB, POOL, NO_CHANNEL, T0))
                .expectResultMessagePayload(new PasswordResetOutcome(null, NO_CHANNEL));
    }

    @Test
    @Verifies(UserRules.AdminResetNeedsAConfirmedSignUp.class)
    void adminResetBeforeTheSignUpIsConfirmedThenRefused() {
        users.fixture.given(registered(UserStatus.UNCONFIRMED), email(true))
                .when(new AdminResetUserPassword(SUB))
                .expectNoEvents()
                .expectException(hasCode(ErrorCode.InvalidUserState))
                .expectExceptionMessage("The user has not confirmed their sign-up; confirm it, or delete the user.");
    }

    @Test
    void confirmWithTheRightCodeThenChangedAndTheTokensRevoked() {
        users.openFamilies = 1;
        users.fixture.given(registered(UserStatus.CONFIRMED), email(true),
                        codeSent(CodePurpose.RESET_PASSWORD, Channel.EMAIL, T0))
                .when(new ConfirmPasswordReset(SUB, UserFixtures.FakeSecrets.CODE, NEW_PASSWORD))
                .expectEvents(new PasswordChanged(SUB, POOL, sealed("PASSWORD", "pw=" + NEW_PASSWORD), false,
                                PasswordChange.RESET_WITH_CODE, Initiator.USER, T0),
                        new TokensRevoked(SUB, POOL, RevocationReason.PASSWORD_RESET, 1, Initiator.USER, T0))
                .expectResultMessagePayload(CodeVerdict.ACCEPTED);
    }

    @Test
    void confirmWithAWrongCodeThenTheTryIsRecorded() {
        users.fixture.given(registered(UserStatus.CONFIRMED), email(true),
                        codeSent(CodePurpose.RESET_PASSWORD, Channel.EMAIL, T0))
                .when(new ConfirmPasswordReset(SUB, "000000", NEW_PASSWORD))
                .expectEvents(new CodeRejected(SUB, POOL, CodePurpose.RESET_PASSWORD, 1, false, T0))
                .expectResultMessagePayload(CodeVerdict.MISMATCH);
    }

    @Test
    void confirmWithAPasswordThePolicyRefusesThenNothingIsRecorded() {
        users.fixture.given(registered(UserStatus.CONFIRMED), email(true),
                        codeSent(CodePurpose.RESET_PASSWORD, Channel.EMAIL, T0))
                .when(new ConfirmPasswordReset(SUB, "000000", "short"))
                .expectNoEvents()
                .expectException(hasCode(ErrorCode.InvalidPassword));
    }
}
