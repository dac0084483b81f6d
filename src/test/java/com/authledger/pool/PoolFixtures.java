package com.authledger.pool;

import com.authledger.pool.api.MfaSettings;
import com.authledger.pool.api.PasswordPolicySettings;
import com.authledger.pool.api.PoolCreated;

import java.time.Instant;
import java.util.List;

/** Configurations and events the pool tests are built from. */
final class PoolFixtures {

    static final String POOL_ID = "us-east-1_TestPool1";
    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    static final SmsSender SENDER = new SmsSender("arn:aws:iam::123456789012:role/authledger-sms", "ext-1",
            "us-east-1");
    static final SmsMfa SMS_ON = new SmsMfa(true, "Your code is {####}");

    private PoolFixtures() {
    }

    static MfaConfiguration off() {
        return new MfaConfiguration(MfaMode.OFF, null, false, false, null);
    }

    static MfaConfiguration totpOnly(MfaMode mode) {
        return new MfaConfiguration(mode, null, true, false, null);
    }

    static MfaConfiguration smsOnly(MfaMode mode) {
        return new MfaConfiguration(mode, SMS_ON, false, false, SENDER);
    }

    static MfaConfiguration smsAndTotp(MfaMode mode) {
        return new MfaConfiguration(mode, SMS_ON, true, false, SENDER);
    }

    static MfaConfiguration adaptive() {
        return new MfaConfiguration(MfaMode.OPTIONAL, null, true, true, null);
    }

    static PoolCreated created(MfaConfiguration mfa) {
        return created(mfa, VerificationSettings.defaults());
    }

    static PoolCreated created(MfaConfiguration mfa, VerificationSettings verification) {
        return created(mfa, verification, PasswordPolicySettings.of(PasswordPolicy.defaults()));
    }

    /** @param passwordPolicy null for an event stored before pools had a password policy */
    static PoolCreated created(MfaConfiguration mfa, VerificationSettings verification,
                               PasswordPolicySettings passwordPolicy) {
        return new PoolCreated(POOL_ID, "Test pool", MfaSettings.of(mfa.withSmsMessageOrElse(SmsMfa.DEFAULT_MESSAGE)),
                verification.autoVerifiedAttributes(),
                verification.smsMessage(), verification.emailMessage(), passwordPolicy, T0);
    }

    static VerificationSettings verifiesPhone() {
        return new VerificationSettings(List.of("phone_number"), null, null);
    }
}
