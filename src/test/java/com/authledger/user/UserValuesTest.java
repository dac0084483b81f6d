package com.authledger.user;

import com.authledger.pool.MfaMode;
import com.authledger.pool.VerificationSettings;
import com.authledger.user.SignInRequirement.Factor;
import com.authledger.user.api.Channel;
import com.authledger.user.api.CodePurpose;
import com.authledger.user.api.Contact;
import com.authledger.user.api.FactorPreference;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static com.authledger.user.UserFixtures.smsAndTotp;
import static com.authledger.user.UserFixtures.totpOnly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The values the User aggregate holds, where they carry logic of their own. */
class UserValuesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
    private static final FactorPreference OFF = new FactorPreference(false, false);
    private static final FactorPreference ON = new FactorPreference(true, false);
    private static final FactorPreference PREFERRED = new FactorPreference(true, true);

    @Test
    void aContactsNewValueIsPendingWhileTheVerifiedOneServesThenServesOnceVerified() {
        ContactState verified = new ContactState("old", true, null);

        ContactState changed = verified.changedTo("new", true, false);

        assertThat(changed).isEqualTo(new ContactState("old", true, "new"));
        assertThat(changed.verifiedNow()).isEqualTo(new ContactState("new", true, null));
        assertThat(verified.changedTo("vouched", false, true)).isEqualTo(new ContactState("vouched", true, null));
        assertThat(verified.leavesVerifiedValue("new")).isTrue();
        assertThat(verified.leavesVerifiedValue("old")).isFalse();
        assertThat(ContactState.NONE.absent()).isTrue();
        assertThat(new ContactState(null, false, "pending").absent()).isFalse();
    }

    @Test
    void aFingerprintTellsSealedValuesApartWithoutOpeningThem() {
        String one = new ContactState("v1.AAAA", true, null).fingerprint();

        assertThat(one).hasSize(22).isEqualTo(new ContactState("v1.AAAA", false, "x").fingerprint())
                .isNotEqualTo(new ContactState("v1.AAAB", true, null).fingerprint()).doesNotContain("AAAA");
    }

    @Test
    void contactsAreReplacedOneAttributeAtATime() {
        Contacts contacts = Contacts.NONE.with(Contact.EMAIL, new ContactState("e", true, null));

        assertThat(contacts.of(Contact.EMAIL).verified()).isTrue();
        assertThat(contacts.of(Contact.PHONE_NUMBER)).isEqualTo(ContactState.NONE);
        assertThat(Contacts.NONE.of(Contact.EMAIL)).isEqualTo(ContactState.NONE);
    }

    @Test
    void pendingCodesHoldOnePerPurposeAndAreVoidedWhenTheirValueChanges() {
        PendingCode signUpBySms = new PendingCode("m1", Channel.SMS, NOW.plusSeconds(60), 0);
        PendingCode verifyPhone = new PendingCode("m2", Channel.SMS, NOW.plusSeconds(60), 0);
        PendingCode reset = new PendingCode("m3", Channel.EMAIL, NOW.plusSeconds(60), 0);
        PendingCodes codes = PendingCodes.NONE.with(CodePurpose.SIGN_UP, signUpBySms)
                .with(CodePurpose.VERIFY_PHONE_NUMBER, verifyPhone).with(CodePurpose.RESET_PASSWORD, reset);

        assertThat(codes.voidedFor(Contact.PHONE_NUMBER).byPurpose()).containsOnlyKeys(CodePurpose.RESET_PASSWORD);
        assertThat(codes.voidedFor(Contact.EMAIL).byPurpose()).containsOnlyKeys(CodePurpose.SIGN_UP,
                CodePurpose.VERIFY_PHONE_NUMBER, CodePurpose.RESET_PASSWORD);
        assertThat(codes.rejected(CodePurpose.RESET_PASSWORD, 3, false).of(CodePurpose.RESET_PASSWORD)
                .wrongAttempts()).isEqualTo(3);
        assertThat(codes.rejected(CodePurpose.RESET_PASSWORD, 5, true).of(CodePurpose.RESET_PASSWORD)).isNull();
        assertThat(codes.without(CodePurpose.SIGN_UP).of(CodePurpose.SIGN_UP)).isNull();
        assertThatThrownBy(() -> codes.byPurpose().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aCodeIsValidUntilItsExpiryAndTheFifthWrongTryVoidsIt() {
        PendingCode code = new PendingCode("m", Channel.EMAIL, NOW, 4);

        assertThat(code.validAt(NOW.minusNanos(1000))).isTrue();
        assertThat(code.validAt(NOW)).isFalse();
        assertThat(code.nextWrongTry()).isEqualTo(5);
        assertThat(PendingCodes.voids(4)).isFalse();
        assertThat(PendingCodes.voids(5)).isTrue();
        assertThat(new PendingCodes(Map.of(CodePurpose.SIGN_UP, code)).of(CodePurpose.SIGN_UP)).isEqualTo(code);
    }

    @Test
    void theSendBudgetIsFiveMessagesInAnyHour() {
        RecentSends sends = RecentSends.NONE;
        for (int i = 4; i >= 0; i--) {
            assertThat(sends.budgetLeft(NOW)).isTrue();
            sends = sends.recorded(NOW.minusSeconds(i * 600L));
        }

        assertThat(sends.budgetLeft(NOW)).isFalse();
        assertThat(sends.budgetLeft(NOW.plusSeconds(3600 - 2400))).as("the oldest left the window").isTrue();
        assertThat(sends.recorded(NOW.plus(Duration.ofHours(2))).sentAt()).as("older sends are forgotten")
                .containsExactly(NOW.plus(Duration.ofHours(2)));
    }

    @Test
    void aRecoveryCodeIsRedeemedOnceAndTheOthersKeepTheirPlaces() {
        RecoveryCodeMacs codes = new RecoveryCodeMacs(List.of("a", "b", "c"));

        RecoveryCodeMacs redeemed = codes.redeemed(1);

        assertThat(codes.unusedMatching("b"::equals)).isEqualTo(OptionalInt.of(1));
        assertThat(redeemed.unusedMatching("b"::equals)).isEmpty();
        assertThat(redeemed.macs()).containsExactly("a", null, "c");
        assertThat(codes.macs()).as("immutable").containsExactly("a", "b", "c");
    }

    @Test
    void aPreferenceLeftOutKeepsItsSettingButNotItsPreferenceWhenTheOtherFactorTakesIt() {
        FactorPreferences smsPreferred = new FactorPreferences(PREFERRED, ON);

        assertThat(smsPreferred.requested(null, PREFERRED)).isEqualTo(new FactorPreferences(ON, PREFERRED));
        assertThat(smsPreferred.requested(OFF, null)).isEqualTo(new FactorPreferences(OFF, ON));
        assertThat(smsPreferred.preferred()).isEqualTo(Factor.SMS_MFA);
        assertThat(new FactorPreferences(ON, PREFERRED).preferred()).isEqualTo(Factor.SOFTWARE_TOKEN_MFA);
        assertThat(FactorPreferences.NONE.preferred()).isNull();
        assertThat(new FactorPreferences(OFF, PREFERRED).withSmsEnabled()).isEqualTo(
                new FactorPreferences(ON, PREFERRED));
        assertThat(FactorPreferences.NONE.withSmsEnabled()).isEqualTo(new FactorPreferences(PREFERRED, OFF));
        assertThat(smsPreferred.withoutTotp()).isEqualTo(new FactorPreferences(PREFERRED, OFF));
    }

    @Test
    void aResetRefusalRepeatsOnlyForTheSameReasonWithinTheHour() {
        ResetRefusal refusal = new ResetRefusal("no channel", NOW);

        assertThat(refusal.repeatedBy("no channel", NOW.plusSeconds(3599))).isTrue();
        assertThat(refusal.repeatedBy("no channel", NOW.plusSeconds(3600))).isFalse();
        assertThat(refusal.repeatedBy("another", NOW)).isFalse();
        assertThat(ResetRefusal.NONE.repeatedBy("no channel", NOW)).isFalse();
    }

    @Test
    void theLockoutValueReadsAsTheRuleForItsCount() {
        Lockout five = new Lockout(5, NOW);

        assertThat(five.lockedUntilAt(NOW)).isEqualTo(Lockout.lockedUntil(5, NOW, NOW)).isEqualTo(NOW.plusSeconds(1));
        assertThat(five.countedAt(NOW.plus(Lockout.QUIET_RESET))).isZero();
        assertThat(Lockout.NONE.lockedUntilAt(NOW)).isNull();
        assertThat(Lockout.NONE.countedAt(NOW)).isZero();
    }

    @Test
    void aResetCodeGoesBySmsOnlyWhenSmsIsNotTheUsersFactor() {
        Contacts both = new Contacts(new ContactState("p", true, null), new ContactState("e", true, null));
        Contacts phoneOnly = new Contacts(new ContactState("p", true, null), ContactState.NONE);
        var pool = UserFixtures.pool(smsAndTotp(MfaMode.OPTIONAL), VerificationSettings.defaults());
        var noSender = UserFixtures.pool(totpOnly(MfaMode.OPTIONAL), VerificationSettings.defaults());
        FactorPreferences sms = new FactorPreferences(ON, OFF);

        assertThat(new ResetCodeChannel(both, FactorPreferences.NONE, pool).contact()).isEqualTo(Contact.PHONE_NUMBER);
        assertThat(new ResetCodeChannel(both, sms, pool).contact()).isEqualTo(Contact.EMAIL);
        assertThat(new ResetCodeChannel(both, FactorPreferences.NONE, noSender).contact()).isEqualTo(Contact.EMAIL);
        assertThat(new ResetCodeChannel(phoneOnly, sms, pool).contact()).isNull();
        assertThat(new ResetCodeChannel(phoneOnly, sms, pool).refusal(RecentSends.NONE, NOW))
                .startsWith("SMS is the user's MFA factor");
        assertThat(new ResetCodeChannel(phoneOnly, FactorPreferences.NONE, noSender).refusal(RecentSends.NONE, NOW))
                .startsWith("The user has no verified phone number");
        assertThat(new ResetCodeChannel(both, FactorPreferences.NONE, pool).refusal(RecentSends.NONE, NOW)).isNull();
    }
}
