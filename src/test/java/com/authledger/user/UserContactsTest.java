package com.authledger.user;

import com.authledger.pool.MfaMode;
import com.authledger.pool.VerificationSettings;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.InvalidInput;
import com.authledger.support.Verifies;
import com.authledger.user.Results.CodeDelivery;
import com.authledger.user.Results.CodeVerdict;
import com.authledger.user.api.Attributes;
import com.authledger.user.api.Channel;
import com.authledger.user.api.CodePurpose;
import com.authledger.user.api.Contact;
import com.authledger.user.api.Initiator;
import com.authledger.user.api.UserCommand.RequestContactVerification;
import com.authledger.user.api.UserCommand.UpdateUserAttributes;
import com.authledger.user.api.UserCommand.VerifyContact;
import com.authledger.user.api.UserEvent.CodeRejected;
import com.authledger.user.api.UserEvent.ContactChanged;
import com.authledger.user.api.UserEvent.ContactRemoved;
import com.authledger.user.api.UserEvent.ContactVerified;
import com.authledger.user.api.UserEvent.NameChanged;
import com.authledger.user.api.UserStatus;
import com.authledger.user.api.VerifiedThrough;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static com.authledger.user.UserFixtures.EMAIL;
import static com.authledger.user.UserFixtures.NEW_PHONE;
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
import static org.assertj.core.api.Assertions.assertThat;

/** A user's name, phone number and email, and their verification by code, on the User aggregate alone. */
class UserContactsTest {

    private final UserFixtures users = new UserFixtures();

    private static UpdateUserAttributes update(Initiator by, String phoneNumber, Boolean phoneNumberVerified) {
        return new UpdateUserAttributes(SUB, new Attributes(null, null, phoneNumber, null, phoneNumberVerified), by);
    }

    /** A new phone number pending while the verified one serves. */
    private static ContactChanged pendingPhone() {
        return new ContactChanged(SUB, POOL, Contact.PHONE_NUMBER, sealed("PHONE_NUMBER", NEW_PHONE), true, false,
                Initiator.USER, T0.minusSeconds(60));
    }

    @Nested
    class Attributes_ {

        @Test
        void updateTheNameThenItIsStoredSealed() {
            users.fixture.given(registered(UserStatus.CONFIRMED))
                    .when(new UpdateUserAttributes(SUB, new Attributes("Alice", null, null, null, null),
                            Initiator.ADMIN))
                    .expectEvents(new NameChanged(SUB, POOL, sealed("NAME", "Alice"), Initiator.ADMIN, T0));
        }

        @Test
        void updateAnUnverifiedPhoneNumberThenTheNewOneServesUnverified() {
            users.fixture.given(registered(UserStatus.CONFIRMED), phone(false))
                    .when(update(Initiator.USER, NEW_PHONE, null))
                    .expectEvents(new ContactChanged(SUB, POOL, Contact.PHONE_NUMBER, sealed("PHONE_NUMBER", NEW_PHONE),
                            false, false, Initiator.USER, T0));
            assertThat(users.sent).isEmpty();
        }

        @Test
        void updateAVerifiedPhoneNumberThenTheNewOneIsPendingAndTheOldOneIsTold() {
            users.fixture.given(registered(UserStatus.CONFIRMED), phone(true))
                    .when(update(Initiator.USER, NEW_PHONE, null))
                    .expectEvents(new ContactChanged(SUB, POOL, Contact.PHONE_NUMBER, sealed("PHONE_NUMBER", NEW_PHONE),
                            true, false, Initiator.USER, T0));
            assertThat(users.sent).singleElement().satisfies(message -> {
                assertThat(message.destination()).isEqualTo(PHONE);
                assertThat(message.purpose()).isEqualTo("phone-number-changed");
            });
        }

        @Test
        void anAdminVouchingForTheServingValueThenItIsVerified() {
            users.fixture.given(registered(UserStatus.CONFIRMED), phone(false))
                    .when(update(Initiator.ADMIN, PHONE, true))
                    .expectEvents(new ContactVerified(SUB, POOL, Contact.PHONE_NUMBER, VerifiedThrough.ADMIN,
                            Initiator.ADMIN, T0));
        }

        @Test
        void changingBackToTheServingValueThenThePendingChangeIsWithdrawn() {
            users.fixture.given(registered(UserStatus.CONFIRMED), phone(true), pendingPhone())
                    .when(update(Initiator.USER, PHONE, null))
                    .expectEvents(new ContactChanged(SUB, POOL, Contact.PHONE_NUMBER, sealed("PHONE_NUMBER", PHONE),
                            false, true, Initiator.USER, T0));
        }

        @Test
        void anEmptyValueThenTheAttributeIsRemoved() {
            users.fixture.given(registered(UserStatus.CONFIRMED), email(true))
                    .when(new UpdateUserAttributes(SUB, new Attributes(null, "", null, null, null), Initiator.USER))
                    .expectEvents(new ContactRemoved(SUB, POOL, Contact.EMAIL, Initiator.USER, T0));
        }

        @Test
        @Verifies(UserRules.OnlyAnAdminVouches.class)
        void theUserVouchingForItsOwnValueThenRefused() {
            users.fixture.given(registered(UserStatus.CONFIRMED), phone(false))
                    .when(update(Initiator.USER, PHONE, true))
                    .expectNoEvents()
                    .expectException(InvalidInput.class)
                    .expectExceptionMessage("phoneNumberVerified may only be set by an admin");
        }

        @Test
        @Verifies(UserRules.PhoneNumberStaysWhileSmsMfa.class)
        void removingThePhoneNumberWhileSmsMfaIsEnabledThenRefused() {
            users.fixture.given(registered(UserStatus.CONFIRMED), phone(true), preferences(true, true, false, false))
                    .when(new UpdateUserAttributes(SUB, new Attributes("Alice", null, "", null, null),
                            Initiator.ADMIN))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.InvalidUserState))
                    .expectExceptionMessage("SMS MFA is enabled for this user: disable it before removing the phone "
                            + "number.");
        }
    }

    @Nested
    class Verification {

        @Test
        void requestVerificationOfAnUnverifiedPhoneNumberThenACodeIsSentToIt() {
            users.fixture.given(registered(UserStatus.CONFIRMED), phone(false))
                    .when(new RequestContactVerification(SUB, Contact.PHONE_NUMBER))
                    .expectEvents(codeSent(CodePurpose.VERIFY_PHONE_NUMBER, Channel.SMS, T0))
                    .expectResultMessagePayload(CodeDelivery.to(Contact.PHONE_NUMBER, PHONE));
            assertThat(users.sent).singleElement().satisfies(message -> {
                assertThat(message.text()).isEqualTo(VerificationSettings.DEFAULT_SMS_MESSAGE.replace("{####}",
                        UserFixtures.FakeSecrets.CODE));
                assertThat(message.purpose()).isEqualTo("VERIFY_PHONE_NUMBER");
            });
        }

        @Test
        void requestVerificationOfAPendingValueThenTheCodeGoesToTheNewValue() {
            users.fixture.given(registered(UserStatus.CONFIRMED), phone(true), pendingPhone())
                    .when(new RequestContactVerification(SUB, Contact.PHONE_NUMBER))
                    .expectEvents(codeSent(CodePurpose.VERIFY_PHONE_NUMBER, Channel.SMS, T0))
                    .expectResultMessagePayload(CodeDelivery.to(Contact.PHONE_NUMBER, NEW_PHONE));
            assertThat(users.sent).last().satisfies(message -> assertThat(message.destination()).isEqualTo(NEW_PHONE));
        }

        @Test
        @Verifies(UserRules.ContactToVerifyExists.class)
        void requestVerificationWithoutAPhoneNumberThenRefused() {
            users.fixture.given(registered(UserStatus.CONFIRMED))
                    .when(new RequestContactVerification(SUB, Contact.PHONE_NUMBER))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.PhoneNumberMissing))
                    .expectExceptionMessage("The user has no phone_number.");
        }

        @Test
        @Verifies(UserRules.ContactToVerifyExists.class)
        void requestVerificationWithoutAnEmailThenRefused() {
            users.fixture.given(registered(UserStatus.CONFIRMED))
                    .when(new RequestContactVerification(SUB, Contact.EMAIL))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.EmailMissing))
                    .expectExceptionMessage("The user has no email.");
        }

        @Test
        @Verifies(UserRules.ContactNotYetVerified.class)
        void requestVerificationOfAVerifiedValueThenRefused() {
            users.fixture.given(registered(UserStatus.CONFIRMED), email(true))
                    .when(new RequestContactVerification(SUB, Contact.EMAIL))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.InvalidUserState))
                    .expectExceptionMessage("The email is verified already; there is nothing to verify.");
        }

        @Test
        @Verifies(UserRules.SmsCodesNeedASender.class)
        void aCodeBySmsWhenThePoolHasNoSenderThenRefused() {
            users.pool = UserFixtures.pool(totpOnly(MfaMode.OPTIONAL), VerificationSettings.defaults());
            users.fixture.given(registered(UserStatus.CONFIRMED), phone(false))
                    .when(new RequestContactVerification(SUB, Contact.PHONE_NUMBER))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.SmsSenderRequired))
                    .expectExceptionMessage(UserRules.NO_SMS_SENDER);
        }

        @Test
        @Verifies(UserRules.SendsWithinTheHourlyBudget.class)
        void aSixthMessageWithinTheHourThenRefused() {
            users.fixture.given(registered(UserStatus.CONFIRMED), email(false),
                            codeSent(CodePurpose.VERIFY_EMAIL, Channel.EMAIL, T0.minusSeconds(3000)),
                            codeSent(CodePurpose.VERIFY_EMAIL, Channel.EMAIL, T0.minusSeconds(2000)),
                            codeSent(CodePurpose.VERIFY_EMAIL, Channel.EMAIL, T0.minusSeconds(1000)),
                            codeSent(CodePurpose.VERIFY_EMAIL, Channel.EMAIL, T0.minusSeconds(500)),
                            codeSent(CodePurpose.VERIFY_EMAIL, Channel.EMAIL, T0.minusSeconds(100)))
                    .when(new RequestContactVerification(SUB, Contact.EMAIL))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.LimitExceeded))
                    .expectExceptionMessage("Attempt limit exceeded, please try after some time.");
        }

        @Test
        void aMessageAnHourAfterTheFifthIsSent() {
            users.fixture.given(registered(UserStatus.CONFIRMED), email(false),
                            codeSent(CodePurpose.VERIFY_EMAIL, Channel.EMAIL, T0.minusSeconds(3600)),
                            codeSent(CodePurpose.VERIFY_EMAIL, Channel.EMAIL, T0.minusSeconds(2000)),
                            codeSent(CodePurpose.VERIFY_EMAIL, Channel.EMAIL, T0.minusSeconds(1000)),
                            codeSent(CodePurpose.VERIFY_EMAIL, Channel.EMAIL, T0.minusSeconds(500)),
                            codeSent(CodePurpose.VERIFY_EMAIL, Channel.EMAIL, T0.minusSeconds(100)))
                    .when(new RequestContactVerification(SUB, Contact.EMAIL))
                    .expectEvents(codeSent(CodePurpose.VERIFY_EMAIL, Channel.EMAIL, T0));
        }

        @Test
        void verifyWithTheRightCodeThenVerified() {
            users.fixture.given(registered(UserStatus.CONFIRMED), email(false),
                            codeSent(CodePurpose.VERIFY_EMAIL, Channel.EMAIL, T0))
                    .when(new VerifyContact(SUB, Contact.EMAIL, UserFixtures.FakeSecrets.CODE, Initiator.USER))
                    .expectEvents(new ContactVerified(SUB, POOL, Contact.EMAIL, VerifiedThrough.CODE, Initiator.USER,
                            T0))
                    .expectResultMessagePayload(CodeVerdict.ACCEPTED);
        }

        @Test
        void verifyWithAWrongCodeThenTheTryIsRecorded() {
            users.fixture.given(registered(UserStatus.CONFIRMED), email(false),
                            codeSent(CodePurpose.VERIFY_EMAIL, Channel.EMAIL, T0))
                    .when(new VerifyContact(SUB, Contact.EMAIL, "000000", Initiator.USER))
                    .expectEvents(new CodeRejected(SUB, POOL, CodePurpose.VERIFY_EMAIL, 1, false, T0))
                    .expectResultMessagePayload(CodeVerdict.MISMATCH);
        }

        @Test
        void aCodeSentToAValueThatChangedSinceIsVoid() {
            users.fixture.given(registered(UserStatus.CONFIRMED), email(false),
                            codeSent(CodePurpose.VERIFY_EMAIL, Channel.EMAIL, T0),
                            UserFixtures.contact(Contact.EMAIL, "bob@example.com", false))
                    .when(new VerifyContact(SUB, Contact.EMAIL, UserFixtures.FakeSecrets.CODE, Initiator.USER))
                    .expectNoEvents()
                    .expectResultMessagePayload(CodeVerdict.EXPIRED);
        }
    }
}
