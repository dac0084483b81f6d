package com.authledger.user;

import com.authledger.user.SignInRequirement.Factor;
import com.authledger.user.api.FactorPreference;

/** The user's MFA preferences: for SMS and for TOTP, whether it is enabled and whether it is the preferred one. */
record FactorPreferences(FactorPreference sms, FactorPreference softwareToken) {

    private static final FactorPreference OFF = new FactorPreference(false, false);
    static final FactorPreferences NONE = new FactorPreferences(OFF, OFF);

    static FactorPreferences of(boolean smsEnabled, boolean smsPreferred, boolean totpEnabled,
                                boolean totpPreferred) {
        return new FactorPreferences(new FactorPreference(smsEnabled, smsPreferred),
                new FactorPreference(totpEnabled, totpPreferred));
    }

    /**
     * The preferences after a SetUserMfaPreference: a factor it leaves out (null) keeps its setting, but is no longer
     * preferred when the other one becomes so.
     */
    FactorPreferences requested(FactorPreference requestedSms, FactorPreference requestedSoftwareToken) {
        FactorPreference newSms = requestedSms != null ? requestedSms : new FactorPreference(sms.enabled(),
                sms.preferred() && !(requestedSoftwareToken != null && requestedSoftwareToken.preferred()));
        FactorPreference newTotp = requestedSoftwareToken != null ? requestedSoftwareToken
                : new FactorPreference(softwareToken.enabled(), softwareToken.preferred() && !newSms.preferred());
        return new FactorPreferences(newSms, newTotp);
    }

    /** SMS enabled at sign-in's MFA_SETUP: preferred unless TOTP is. */
    FactorPreferences withSmsEnabled() {
        return new FactorPreferences(new FactorPreference(true, !softwareToken.preferred()), softwareToken);
    }

    FactorPreferences withTotpEnabled() {
        return new FactorPreferences(sms, new FactorPreference(true, softwareToken.preferred()));
    }

    FactorPreferences withoutTotp() {
        return new FactorPreferences(sms, OFF);
    }

    /** The factor the user prefers, or null. */
    Factor preferred() {
        return sms.preferred() ? Factor.SMS_MFA : softwareToken.preferred() ? Factor.SOFTWARE_TOKEN_MFA : null;
    }
}
