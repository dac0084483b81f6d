package com.authledger.user;

import com.authledger.pool.MfaMode;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.InvalidInput;
import com.authledger.support.Verifies;
import com.authledger.user.Results.CodeDelivery;
import com.authledger.user.Results.CodeVerdict;
import com.authledger.user.Results.Registration;
import com.authledger.user.api.Attributes;
import com.authledger.user.api.Channel;
import com.authledger.user.api.CodePurpose;
import com.authledger.user.api.Contact;
import com.authledger.user.api.Initiator;
import com.authledger.user.api.PasswordChange;
import com.authledger.user.api.RevocationReason;
import com.authledger.user.api.UserCommand.AdminConfirmSignUp;
import com.authledger.user.api.UserCommand.AdminCreateUser;
import com.authledger.user.api.UserCommand.AdminSetUserPassword;
import com.authledger.user.api.UserCommand.ConfirmSignUp;
import com.authledger.user.api.UserCommand.DeleteUser;
import com.authledger.user.api.UserCommand.ResendSignUpCode;
import com.authledger.user.api.UserCommand.SignUp;
import com.authledger.user.api.UserEvent.CodeRejected;
import com.authledger.user.api.UserEvent.ContactChanged;
import com.authledger.user.api.UserEvent.ContactVerified;
import com.authledger.user.api.UserEvent.PasswordChanged;
import com.authledger.user.api.UserEvent.SignUpConfirmed;
import com.authledger.user.api.UserEvent.TokensRevoked;
import com.authledger.user.api.UserEvent.UserDeleted;
import com.authledger.user.api.UserEvent.UserRegistered;
import com.authledger.user.api.UserStatus;
import com.authledger.user.api.VerifiedThrough;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.authledger.user.UserFixtures.EMAIL;
import static com.authledger.user.UserFixtures.PASSWORD;
import static com.authledger.user.UserFixtures.PHONE;
import static com.authledger.user.UserFixtures.POOL;
import static com.authledger.user.UserFixtures.SUB;
import static com.authledger.user.UserFixtures.T0;
import static com.authledger.user.UserFixtures.codeSent;
import static com.authledger.user.UserFixtures.email;
import static com.authledger.user.UserFixtures.hasCode;
import static com.authledger.user.UserFixtures.phone;
import static com.authledger.user.UserFixtures.registered;
import static com.authledger.user.UserFixtures.sealed;
import static com.authledger.user.UserFixtures.smsAndTotp;
import static com.authledger.user.UserFixtures.verifies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verify;

/** A user's registration, confirmation, admin password and deletion, on the User aggregate alone. */
class UserRegistrationTest {

    private final UserFixtures users = new UserFixtures();

    private static UserRegistered signedUp() {
        return new UserRegistered(SUB, POOL, "alice", UserStatus.UNCONFIRMED, Initiator.USER,
                sealed("PASSWORD", "pw=" + PASSWORD), null, T0);
    }

    private static ContactChanged given(Contact contact, String value, Initiator by) {
        return new ContactChanged(SUB, POOL, contact, sealed(contact.name(), value), false, false, by, T0);
    }

    @Nested
    class SignUpAndCreation {

        @Test
        void signUpWhenThePoolVerifiesPhoneNumbersThenRegisteredAndASignUpCodeSentBySms() {
            users.pool = UserFixtures.pool(smsAndTotp(MfaMode.OPTIONAL), verifies("phone_number"));
            users.fixture.givenNoPriorActivity()
                    .when(new SignUp(SUB, POOL, "alice", PASSWORD, new Attributes(null, null, PHONE, null, null)))
                    .expectEvents(signedUp(), given(Contact.PHONE_NUMBER, PHONE, Initiator.USER),
                            codeSent(CodePurpose.SIGN_UP, Channel.SMS, T0))
                    .expectResultMessagePayload(new Registration(SUB, "alice", UserStatus.UNCONFIRMED,
                            CodeDelivery.to(Contact.PHONE_NUMBER, PHONE)));
            verify(users.names).claim(POOL, "alice", SUB, T0);
            assertThat(users.sent).singleElement().satisfies(message -> {
                assertThat(message.destination()).isEqualTo(PHONE);
                assertThat(message.text()).isEqualTo("Your verification code is 123456.");
                assertThat(message.purpose()).isEqualTo("SIGN_UP");
            });
        }

        @Test
        void signUpWhenThePoolVerifiesEmailsThenTheCodeGoesByEmail() {
            users.pool = UserFixtures.pool(smsAndTotp(MfaMode.OPTIONAL), verifies("email"));
            users.fixture.givenNoPriorActivity()
                    .when(new SignUp(SUB, POOL, "alice", PASSWORD, new Attributes(null, EMAIL, PHONE, null, null)))
                    .expectEvents(signedUp(), given(Contact.PHONE_NUMBER, PHONE, Initiator.USER),
                            given(Contact.EMAIL, EMAIL, Initiator.USER), codeSent(CodePurpose.SIGN_UP, Channel.EMAIL, T0))
                    .expectResultMessagePayload(new Registration(SUB, "alice", UserStatus.UNCONFIRMED,
                            CodeDelivery.to(Contact.EMAIL, EMAIL)));
        }

        @Test
        void signUpWhenThePoolVerifiesNothingThenNoCodeIsSent() {
            users.fixture.givenNoPriorActivity()
                    .when(new SignUp(SUB, POOL, "alice", PASSWORD, Attributes.NONE))
                    .expectEvents(signedUp())
                    .expectResultMessagePayload(new Registration(SUB, "alice", UserStatus.UNCONFIRMED, null));
            assertThat(users.sent).isEmpty();
        }

        @Test
        @Verifies(UserRules.OnlyAnAdminVouches.class)
        void signUpWhenTheUserVouchesForItsOwnContactThenRefused() {
            users.fixture.givenNoPriorActivity()
                    .when(new SignUp(SUB, POOL, "alice", PASSWORD, new Attributes(null, EMAIL, null, true, null)))
                    .expectNoEvents()
                    .expectException(InvalidInput.class)
                    .expectExceptionMessage("emailVerified may only be set by an admin");
        }

        @Test
        void signUpWhenThePasswordBreaksThePoolsPolicyThenRefused() {
            users.fixture.givenNoPriorActivity()
                    .when(new SignUp(SUB, POOL, "alice", "short", Attributes.NONE))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.InvalidPassword));
        }

        @Test
        void signUpWhenThePoolDoesNotExistThenRefused() {
            users.fixture.givenNoPriorActivity()
                    .when(new SignUp(SUB, "us-east-1_Missing1", "alice", PASSWORD, Attributes.NONE))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.PoolNotFound));
        }

        @Test
        void adminCreateUserThenForceChangePasswordWithTheContactsVouchedFor() {
            users.fixture.givenNoPriorActivity()
                    .when(new AdminCreateUser(SUB, POOL, "alice", PASSWORD,
                            new Attributes("Alice", null, PHONE, null, true)))
                    .expectEvents(new UserRegistered(SUB, POOL, "alice", UserStatus.FORCE_CHANGE_PASSWORD,
                                    Initiator.ADMIN, sealed("PASSWORD", "pw=" + PASSWORD), sealed("NAME", "Alice"), T0),
                            new ContactChanged(SUB, POOL, Contact.PHONE_NUMBER, sealed("PHONE_NUMBER", PHONE), false,
                                    true, Initiator.ADMIN, T0))
                    .expectResultMessagePayload(new Registration(SUB, "alice", UserStatus.FORCE_CHANGE_PASSWORD,
                            null));
        }
    }

    @Nested
    class Confirmation {

        @Test
        void confirmSignUpWithTheRightCodeThenConfirmedAndTheContactItWentToVerified() {
            users.fixture.given(registered(UserStatus.UNCONFIRMED), phone(false),
                            codeSent(CodePurpose.SIGN_UP, Channel.SMS, T0))
                    .when(new ConfirmSignUp(SUB, UserFixtures.FakeSecrets.CODE))
                    .expectEvents(new SignUpConfirmed(SUB, POOL, Initiator.USER, T0),
                            new ContactVerified(SUB, POOL, Contact.PHONE_NUMBER, VerifiedThrough.SIGN_UP_CODE,
                                    Initiator.USER, T0))
                    .expectResultMessagePayload(CodeVerdict.ACCEPTED);
        }

        @Test
        void confirmSignUpWithAWrongCodeThenTheWrongTryIsRecorded() {
            users.fixture.given(registered(UserStatus.UNCONFIRMED), phone(false),
                            codeSent(CodePurpose.SIGN_UP, Channel.SMS, T0))
                    .when(new ConfirmSignUp(SUB, "654321"))
                    .expectEvents(new CodeRejected(SUB, POOL, CodePurpose.SIGN_UP, 1, false, T0))
                    .expectResultMessagePayload(CodeVerdict.MISMATCH);
        }

        @Test
        void confirmSignUpWhenTheUserIsConfirmedAlreadyThenAWrongCodeThatTellsNothingAndCountsNothing() {
            users.fixture.given(registered(UserStatus.CONFIRMED))
                    .when(new ConfirmSignUp(SUB, UserFixtures.FakeSecrets.CODE))
                    .expectNoEvents()
                    .expectResultMessagePayload(CodeVerdict.MISMATCH);
        }

        @Test
        void adminConfirmSignUpThenConfirmed() {
            users.fixture.given(registered(UserStatus.UNCONFIRMED))
                    .when(new AdminConfirmSignUp(SUB))
                    .expectEvents(new SignUpConfirmed(SUB, POOL, Initiator.ADMIN, T0));
        }

        @Test
        @Verifies(UserRules.SignUpAwaitsConfirmation.class)
        void adminConfirmSignUpWhenConfirmedAlreadyThenRefused() {
            users.fixture.given(registered(UserStatus.CONFIRMED))
                    .when(new AdminConfirmSignUp(SUB))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.InvalidUserState))
                    .expectExceptionMessage("User cannot be confirmed. Current status is CONFIRMED");
        }

        @Test
        void resendSignUpCodeThenANewCodeToTheVerifiedAttribute() {
            users.pool = UserFixtures.pool(smsAndTotp(MfaMode.OPTIONAL), verifies("email"));
            users.fixture.given(registered(UserStatus.UNCONFIRMED), email(false))
                    .when(new ResendSignUpCode(SUB))
                    .expectEvents(codeSent(CodePurpose.SIGN_UP, Channel.EMAIL, T0))
                    .expectResultMessagePayload(CodeDelivery.to(Contact.EMAIL, EMAIL));
        }

        @Test
        @Verifies(UserRules.SignUpCodeNeedsAContact.class)
        void resendSignUpCodeWhenThePoolVerifiesNoContactTheUserHasThenRefused() {
            users.pool = UserFixtures.pool(smsAndTotp(MfaMode.OPTIONAL), verifies("email"));
            users.fixture.given(registered(UserStatus.UNCONFIRMED), phone(false))
                    .when(new ResendSignUpCode(SUB))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.InvalidUserState))
                    .expectExceptionMessage(UserRules.NO_SIGN_UP_CONTACT);
        }
    }

    @Nested
    class AdminPasswordAndDeletion {

        @Test
        void adminSetUserPasswordThenChangedAndTheUsersTokensRevoked() {
            users.openFamilies = 2;
            users.fixture.given(registered(UserStatus.CONFIRMED))
                    .when(new AdminSetUserPassword(SUB, UserFixtures.NEW_PASSWORD, false))
                    .expectEvents(new PasswordChanged(SUB, POOL, sealed("PASSWORD", "pw=" + UserFixtures.NEW_PASSWORD),
                                    true, PasswordChange.SET_BY_ADMIN, Initiator.ADMIN, T0),
                            new TokensRevoked(SUB, POOL, RevocationReason.PASSWORD_CHANGED, 2, Initiator.ADMIN, T0));
        }

        @Test
        void adminSetUserPasswordWithoutOpenTokensThenNoRevocationIsRecorded() {
            users.fixture.given(registered(UserStatus.CONFIRMED))
                    .when(new AdminSetUserPassword(SUB, UserFixtures.NEW_PASSWORD, true))
                    .expectEvents(new PasswordChanged(SUB, POOL, sealed("PASSWORD", "pw=" + UserFixtures.NEW_PASSWORD),
                            false, PasswordChange.SET_BY_ADMIN, Initiator.ADMIN, T0));
        }

        @Test
        void deleteUserThenTokensRevokedTheNameReleasedAndTheSecretsShredded() {
            users.openFamilies = 1;
            users.fixture.given(registered(UserStatus.CONFIRMED))
                    .when(new DeleteUser(SUB, Initiator.ADMIN))
                    .expectEvents(new TokensRevoked(SUB, POOL, RevocationReason.USER_DELETED, 1, Initiator.ADMIN, T0),
                            new UserDeleted(SUB, POOL, "alice", Initiator.ADMIN, T0))
                    .expectMarkedDeleted();
            verify(users.names).release(POOL, SUB);
            assertThat(users.secrets.shredded).containsExactly(SUB);
        }

        @Test
        void aCodeSentADayAgoIsExpired() {
            users.clock.advance(Duration.ofHours(24));
            users.fixture.given(registered(UserStatus.UNCONFIRMED), phone(false),
                            codeSent(CodePurpose.SIGN_UP, Channel.SMS, T0))
                    .when(new ConfirmSignUp(SUB, UserFixtures.FakeSecrets.CODE))
                    .expectNoEvents()
                    .expectResultMessagePayload(CodeVerdict.EXPIRED);
        }

        @Test
        void theFifthWrongCodeVoidsIt() {
            users.fixture.given(registered(UserStatus.UNCONFIRMED), phone(false),
                            codeSent(CodePurpose.SIGN_UP, Channel.SMS, T0),
                            new CodeRejected(SUB, POOL, CodePurpose.SIGN_UP, 4, false, T0))
                    .when(new ConfirmSignUp(SUB, "654321"))
                    .expectEvents(new CodeRejected(SUB, POOL, CodePurpose.SIGN_UP, 5, true, T0))
                    .expectResultMessagePayload(CodeVerdict.MISMATCH);
        }

        @Test
        void aVoidedCodeIsNotAcceptedEvenWhenRight() {
            users.fixture.given(registered(UserStatus.UNCONFIRMED), phone(false),
                            codeSent(CodePurpose.SIGN_UP, Channel.SMS, T0),
                            new CodeRejected(SUB, POOL, CodePurpose.SIGN_UP, 5, true, T0))
                    .when(new ConfirmSignUp(SUB, UserFixtures.FakeSecrets.CODE))
                    .expectNoEvents()
                    .expectResultMessagePayload(CodeVerdict.EXPIRED);
        }
    }
}
