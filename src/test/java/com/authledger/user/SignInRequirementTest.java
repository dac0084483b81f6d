package com.authledger.user;

import com.authledger.pool.MfaConfiguration;
import com.authledger.pool.MfaMode;
import com.authledger.pool.SmsMfa;
import com.authledger.pool.SmsSender;
import com.authledger.user.SignInRequirement.Factor;
import com.authledger.user.SignInRequirement.Step;
import com.authledger.user.SignInRequirement.UserFactors;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** ADR 8: usability is the user's enrolment intersected with what the pool offers now. */
class SignInRequirementTest {

    private static final SmsSender SENDER = new SmsSender("arn:aws:iam::123456789012:role/sms", "ext", "us-east-1");
    private static final UserFactors BOTH = new UserFactors(true, true, null, true, true);
    private static final UserFactors NONE = new UserFactors(false, false, null, false, false);

    private static MfaConfiguration pool(MfaMode mode, boolean sms, boolean totp) {
        return new MfaConfiguration(mode, new SmsMfa(sms, SmsMfa.DEFAULT_MESSAGE), totp, false, SENDER);
    }

    @Test
    void aFactorThePoolNoLongerOffersIsNotUsableButTheOtherIs() {
        assertThat(SignInRequirement.of(pool(MfaMode.OPTIONAL, true, true), BOTH).usable())
                .isEqualTo(Set.of(Factor.SMS_MFA, Factor.SOFTWARE_TOKEN_MFA));
        assertThat(SignInRequirement.of(pool(MfaMode.OPTIONAL, false, true), BOTH))
                .isEqualTo(new SignInRequirement(Step.CHALLENGE, Set.of(Factor.SOFTWARE_TOKEN_MFA)));
    }

    @Test
    void aRequiredPoolWithoutAUsableFactorAsksForSetupNeverForThePasswordAlone() {
        UserFactors smsOnly = new UserFactors(true, true, null, false, false);
        assertThat(SignInRequirement.of(pool(MfaMode.REQUIRED, false, true), smsOnly).step())
                .isEqualTo(Step.SET_UP_FACTOR);
        assertThat(SignInRequirement.of(pool(MfaMode.REQUIRED, true, true), NONE).step())
                .isEqualTo(Step.SET_UP_FACTOR);
    }

    @Test
    void optionalWithoutAUsableFactorAndOffAskForThePasswordOnly() {
        assertThat(SignInRequirement.of(pool(MfaMode.OPTIONAL, true, true), NONE).step())
                .isEqualTo(Step.PASSWORD_ONLY);
        assertThat(SignInRequirement.of(pool(MfaMode.OFF, false, false), BOTH))
                .isEqualTo(new SignInRequirement(Step.PASSWORD_ONLY, Set.of()));
    }

    @Test
    void smsNeedsTheVerifiedPhoneAndTotpTheVerifiedAuthenticator() {
        assertThat(SignInRequirement.of(pool(MfaMode.OPTIONAL, true, true), new UserFactors(true, false, null, true, false))
                .step()).isEqualTo(Step.PASSWORD_ONLY);
    }

    @Test
    void smsToANumberOutsideThePoolsSmsCountriesIsNotUsableAndSignInFallsBackAsWhenThePoolDropsSms() {
        MfaConfiguration listed = new MfaConfiguration(MfaMode.OPTIONAL, new SmsMfa(true, SmsMfa.DEFAULT_MESSAGE),
                true, false, SENDER, com.authledger.pool.SmsCountries.of(List.of("de", "GB")));
        MfaConfiguration required = new MfaConfiguration(MfaMode.REQUIRED, listed.sms(), false, false, SENDER,
                listed.smsCountries());

        assertThat(SignInRequirement.of(listed, new UserFactors(true, true, "DE", false, false)).usable())
                .containsExactly(Factor.SMS_MFA);
        assertThat(SignInRequirement.of(listed, new UserFactors(true, true, "US", false, false)).step())
                .isEqualTo(Step.PASSWORD_ONLY);
        assertThat(SignInRequirement.of(listed, new UserFactors(true, true, "US", true, true)))
                .isEqualTo(new SignInRequirement(Step.CHALLENGE, Set.of(Factor.SOFTWARE_TOKEN_MFA)));
        assertThat(SignInRequirement.of(required, new UserFactors(true, true, "US", false, false)).step())
                .isEqualTo(Step.SET_UP_FACTOR);
        assertThat(SignInRequirement.of(listed, new UserFactors(true, true, null, false, false)).step())
                .as("a number of no known region is outside every list").isEqualTo(Step.PASSWORD_ONLY);
        assertThat(UserFactors.regionNeeded(true, true, pool(MfaMode.OPTIONAL, true, true))).isFalse();
        assertThat(UserFactors.regionNeeded(true, true, pool(MfaMode.OPTIONAL, true, true), listed)).isTrue();
        assertThat(UserFactors.regionNeeded(true, false, listed)).isFalse();
    }

    @Test
    void theNoticeSaysWhatSignInNowAsksFor() {
        assertThat(SignInRequirement.of(pool(MfaMode.OPTIONAL, false, true), BOTH).describe("Acme"))
                .isEqualTo("Signing in to Acme now asks for a code from your authenticator app.");
        assertThat(SignInRequirement.of(pool(MfaMode.OFF, false, false), BOTH).describe("Acme"))
                .isEqualTo("Signing in to Acme no longer asks for a second factor.");
    }
}
