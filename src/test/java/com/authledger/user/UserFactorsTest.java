package com.authledger.user;

import com.authledger.pool.MfaMode;
import com.authledger.pool.VerificationSettings;
import com.authledger.shared.ErrorCode;
import com.authledger.support.Verifies;
import com.authledger.user.Results.CodeVerdict;
import com.authledger.user.Results.MfaPreference;
import com.authledger.user.Results.RecoveryCodes;
import com.authledger.user.Results.SoftwareTokenSecret;
import com.authledger.user.api.FactorPreference;
import com.authledger.user.api.Initiator;
import com.authledger.user.api.RevocationReason;
import com.authledger.user.api.UserCommand.AssociateSoftwareToken;
import com.authledger.user.api.UserCommand.GenerateRecoveryCodes;
import com.authledger.user.api.UserCommand.ResetSoftwareToken;
import com.authledger.user.api.UserCommand.SetUserMfaPreference;
import com.authledger.user.api.UserCommand.VerifySoftwareToken;
import com.authledger.user.api.UserEvent.MfaPreferenceChanged;
import com.authledger.user.api.UserEvent.RecoveryCodesGenerated;
import com.authledger.user.api.UserEvent.SoftwareTokenCodeRejected;
import com.authledger.user.api.UserEvent.SoftwareTokenReset;
import com.authledger.user.api.UserEvent.SoftwareTokenVerified;
import com.authledger.user.api.UserEvent.TokensRevoked;
import com.authledger.user.api.UserStatus;
import com.authledger.user.factor.Totp;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.authledger.user.UserFixtures.POOL;
import static com.authledger.user.UserFixtures.SUB;
import static com.authledger.user.UserFixtures.T0;
import static com.authledger.user.UserFixtures.TOTP_SECRET;
import static com.authledger.user.UserFixtures.associated;
import static com.authledger.user.UserFixtures.hasCode;
import static com.authledger.user.UserFixtures.phone;
import static com.authledger.user.UserFixtures.preferences;
import static com.authledger.user.UserFixtures.registered;
import static com.authledger.user.UserFixtures.sealed;
import static com.authledger.user.UserFixtures.smsOnly;
import static com.authledger.user.UserFixtures.totpCode;
import static com.authledger.user.UserFixtures.totpOnly;
import static com.authledger.user.UserFixtures.verified;
import static org.assertj.core.api.Assertions.assertThat;

/** A user's second factors: its authenticator, its MFA preferences and its recovery codes, on User alone. */
class UserFactorsTest {

    private static final FactorPreference ON = new FactorPreference(true, false);
    private static final FactorPreference PREFERRED = new FactorPreference(true, true);

    private final UserFixtures users = new UserFixtures();

    private static SetUserMfaPreference set(FactorPreference sms, FactorPreference softwareToken) {
        return new SetUserMfaPreference(SUB, sms, softwareToken, Initiator.USER);
    }

    private static MfaPreferenceChanged changed(boolean smsEnabled, boolean smsPreferred, boolean totpEnabled,
                                                boolean totpPreferred) {
        return new MfaPreferenceChanged(SUB, POOL, smsEnabled, smsPreferred, totpEnabled, totpPreferred,
                Initiator.USER, T0);
    }

    @Nested
    class SoftwareToken {

        @Test
        void associateThenANewPendingSecretIsReturnedOnce() {
            users.fixture.given(registered(UserStatus.CONFIRMED))
                    .when(new AssociateSoftwareToken(SUB, Initiator.USER))
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayloadMatching(Matchers.predicate(result -> {
                        SoftwareTokenSecret secret = (SoftwareTokenSecret) result;
                        return secret.otpauthUri().equals(Totp.otpauthUri("Test pool", "alice", secret.secretCode()));
                    }));
        }

        @Test
        @Verifies(UserRules.FactorsNeedAConfirmedSignUp.class)
        void associateBeforeTheSignUpIsConfirmedThenRefused() {
            users.fixture.given(registered(UserStatus.UNCONFIRMED))
                    .when(new AssociateSoftwareToken(SUB, Initiator.USER))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.UserNotConfirmed))
                    .expectExceptionMessage("User is not confirmed.");
        }

        @Test
        @Verifies(UserRules.PoolOffers.class)
        void associateWhereThePoolDoesNotOfferTotpThenRefused() {
            users.pool = UserFixtures.pool(smsOnly(MfaMode.OPTIONAL), VerificationSettings.defaults());
            users.fixture.given(registered(UserStatus.CONFIRMED))
                    .when(new AssociateSoftwareToken(SUB, Initiator.USER))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.FactorNotSupportedByPool))
                    .expectExceptionMessage("The pool does not offer TOTP (software token) MFA.");
        }

        @Test
        void verifyWithTheRightCodeThenTheAuthenticatorIsVerified() {
            users.fixture.given(registered(UserStatus.CONFIRMED), associated())
                    .when(new VerifySoftwareToken(SUB, totpCode(T0), "phone", false, Initiator.USER))
                    .expectEvents(new SoftwareTokenVerified(SUB, POOL, sealed("TOTP_SECRET", TOTP_SECRET), "phone",
                            Totp.step(T0), false, Initiator.USER, T0))
                    .expectResultMessagePayload(CodeVerdict.ACCEPTED);
        }

        @Test
        void verifyInsideMfaSetUpThenTotpIsEnabledToo() {
            users.fixture.given(registered(UserStatus.CONFIRMED), associated())
                    .when(new VerifySoftwareToken(SUB, totpCode(T0), null, true, Initiator.USER))
                    .expectEvents(new SoftwareTokenVerified(SUB, POOL, sealed("TOTP_SECRET", TOTP_SECRET), null,
                            Totp.step(T0), true, Initiator.USER, T0));
        }

        @Test
        void verifyWithAWrongCodeThenTheTryIsRecordedAndTheFifthVoidsThePendingSecret() {
            users.fixture.given(registered(UserStatus.CONFIRMED), associated(),
                            new SoftwareTokenCodeRejected(SUB, POOL, 4, false, T0))
                    .when(new VerifySoftwareToken(SUB, "000000", null, false, Initiator.USER))
                    .expectEvents(new SoftwareTokenCodeRejected(SUB, POOL, 5, true, T0))
                    .expectResultMessagePayload(CodeVerdict.MISMATCH);
        }

        @Test
        @Verifies(UserRules.SoftwareTokenPendingVerification.class)
        void verifyWithoutAPendingSecretThenRefused() {
            users.fixture.given(registered(UserStatus.CONFIRMED))
                    .when(new VerifySoftwareToken(SUB, "123456", null, false, Initiator.USER))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.SoftwareTokenNotFound))
                    .expectExceptionMessage("Software Token MFA does not exist for the user: associate a software "
                            + "token first.");
        }

        @Test
        @Verifies(UserRules.FactorsNeedAConfirmedSignUp.class)
        void verifyBeforeTheSignUpIsConfirmedThenRefused() {
            users.fixture.given(registered(UserStatus.UNCONFIRMED), associated())
                    .when(new VerifySoftwareToken(SUB, "123456", null, false, Initiator.USER))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.UserNotConfirmed))
                    .expectExceptionMessage(UserRules.NOT_CONFIRMED);
        }

        @Test
        void resetThenTheAuthenticatorIsRemovedAndTheTokensRevoked() {
            users.openFamilies = 1;
            users.fixture.given(registered(UserStatus.CONFIRMED), associated(), verified(Totp.step(T0) - 10))
                    .when(new ResetSoftwareToken(SUB))
                    .expectEvents(new SoftwareTokenReset(SUB, POOL, Initiator.ADMIN, T0),
                            new TokensRevoked(SUB, POOL, RevocationReason.FACTOR_RESET, 1, Initiator.ADMIN, T0))
                    .expectResultMessagePayload(true);
        }

        @Test
        void resetWithoutAnAuthenticatorThenNothingHappens() {
            users.fixture.given(registered(UserStatus.CONFIRMED))
                    .when(new ResetSoftwareToken(SUB))
                    .expectNoEvents()
                    .expectResultMessagePayload(false);
        }
    }

    @Nested
    class Preferences {

        @Test
        void enableSmsWithAVerifiedPhoneNumberThenChanged() {
            users.fixture.given(registered(UserStatus.CONFIRMED), phone(true))
                    .when(set(PREFERRED, null))
                    .expectEvents(changed(true, true, false, false))
                    .expectResultMessagePayload(new MfaPreference(true, true, false, false, true));
        }

        @Test
        void preferringTotpTakesThePreferenceFromSms() {
            users.fixture.given(registered(UserStatus.CONFIRMED), phone(true), associated(),
                            verified(Totp.step(T0) - 10), preferences(true, true, true, false))
                    .when(set(null, PREFERRED))
                    .expectEvents(changed(true, false, true, true));
        }

        @Test
        void theSameSettingsAgainThenNothingChanges() {
            users.fixture.given(registered(UserStatus.CONFIRMED), phone(true), preferences(true, true, false, false))
                    .when(set(PREFERRED, null))
                    .expectNoEvents()
                    .expectResultMessagePayload(new MfaPreference(true, true, false, false, false));
        }

        @Test
        @Verifies(UserRules.FactorsNeedAConfirmedSignUp.class)
        void beforeTheSignUpIsConfirmedThenRefused() {
            users.fixture.given(registered(UserStatus.UNCONFIRMED), phone(true))
                    .when(set(ON, null))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.UserNotConfirmed))
                    .expectExceptionMessage(UserRules.NOT_CONFIRMED);
        }

        @Test
        @Verifies(UserRules.PoolOffers.class)
        void enableSmsWhereThePoolDoesNotOfferItThenRefused() {
            users.pool = UserFixtures.pool(totpOnly(MfaMode.OPTIONAL), VerificationSettings.defaults());
            users.fixture.given(registered(UserStatus.CONFIRMED), phone(true))
                    .when(set(ON, null))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.FactorNotSupportedByPool))
                    .expectExceptionMessage("The pool does not offer SMS MFA.");
        }

        @Test
        @Verifies(UserRules.SmsMfaNeedsAPhoneNumber.class)
        void enableSmsWithoutAPhoneNumberThenRefused() {
            users.fixture.given(registered(UserStatus.CONFIRMED))
                    .when(set(ON, null))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.PhoneNumberMissing))
                    .expectExceptionMessage("User does not have a phone_number set to turn on SMS MFA");
        }

        @Test
        @Verifies(UserRules.SmsMfaNeedsAVerifiedPhoneNumber.class)
        void enableSmsWithAnUnverifiedPhoneNumberThenRefused() {
            users.fixture.given(registered(UserStatus.CONFIRMED), phone(false))
                    .when(set(ON, null))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.PhoneNumberNotVerified))
                    .expectExceptionMessage(UserRules.PHONE_NOT_VERIFIED);
        }

        @Test
        @Verifies(UserRules.PoolOffers.class)
        void enableTotpWhereThePoolDoesNotOfferItThenRefused() {
            users.pool = UserFixtures.pool(smsOnly(MfaMode.OPTIONAL), VerificationSettings.defaults());
            users.fixture.given(registered(UserStatus.CONFIRMED), associated(), verified(Totp.step(T0) - 10),
                            preferences(false, false, false, false))
                    .when(set(null, ON))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.FactorNotSupportedByPool))
                    .expectExceptionMessage("The pool does not offer TOTP (software token) MFA.");
        }

        @Test
        @Verifies(UserRules.TotpNeedsAVerifiedAuthenticator.class)
        void enableTotpWithoutAVerifiedAuthenticatorThenRefused() {
            users.fixture.given(registered(UserStatus.CONFIRMED), associated())
                    .when(set(null, ON))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.SoftwareTokenNotFound))
                    .expectExceptionMessage("User has not set up software token mfa");
        }

        @Test
        void aFactorThatStaysOnIsNotCheckedAgainstThePool() {
            users.pool = UserFixtures.pool(totpOnly(MfaMode.OPTIONAL), VerificationSettings.defaults());
            users.fixture.given(registered(UserStatus.CONFIRMED), phone(true), preferences(true, false, false, false))
                    .when(set(PREFERRED, null))
                    .expectEvents(changed(true, true, false, false));
        }
    }

    @Nested
    class Recovery {

        @Test
        void generateThenTheCodesAreShownOnceAndOnlyTheirMacsKept() {
            List<String> codes = UserFixtures.FakeSecrets.RECOVERY_CODES;
            users.fixture.given(registered(UserStatus.CONFIRMED))
                    .when(new GenerateRecoveryCodes(SUB, Initiator.USER))
                    .expectEvents(new RecoveryCodesGenerated(SUB, POOL,
                            List.of("mac:recovery:aaaabbbbcccc", "mac:recovery:ddddeeeeffff"), Initiator.USER, T0))
                    .expectResultMessagePayload(new RecoveryCodes(codes));
        }

        @Test
        @Verifies(UserRules.FactorsNeedAConfirmedSignUp.class)
        void generateBeforeTheSignUpIsConfirmedThenRefused() {
            users.fixture.given(registered(UserStatus.UNCONFIRMED))
                    .when(new GenerateRecoveryCodes(SUB, Initiator.USER))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.UserNotConfirmed))
                    .expectExceptionMessage(UserRules.NOT_CONFIRMED);
        }
    }
}
