package com.authledger.pool;

import com.authledger.shared.InvalidInput;

import java.util.ArrayList;
import java.util.List;

/**
 * A pool's whole MFA configuration, as the console's "Save changes" replaces it at once. Each part checks its own
 * shape when submitted ({@link #validate()}, called by the commands); the rules that depend on the pool's history
 * live in {@link PoolRules}.
 *
 * @param smsSender    null when the pool has none
 * @param smsCountries where the pool's text messages may go ({@link SmsCountries#ALL} when unset)
 */
public record MfaConfiguration(MfaMode mode, SmsMfa sms, boolean totpEnabled, boolean adaptiveEnabled,
                               SmsSender smsSender, SmsCountries smsCountries) {

    public MfaConfiguration {
        if (mode == null) {
            throw new InvalidInput("mfaMode", "is required (OFF, OPTIONAL or REQUIRED)");
        }
        sms = sms == null ? SmsMfa.disabled() : sms;
        smsCountries = smsCountries == null ? SmsCountries.ALL : smsCountries;
    }

    /** A configuration whose text messages may go to every country. */
    public MfaConfiguration(MfaMode mode, SmsMfa sms, boolean totpEnabled, boolean adaptiveEnabled,
                            SmsSender smsSender) {
        this(mode, sms, totpEnabled, adaptiveEnabled, smsSender, SmsCountries.ALL);
    }

    /** Checks every part as submitted; configurations read back from events, snapshots or rows are trusted. */
    public MfaConfiguration validate() {
        sms.validate();
        if (smsSender != null) {
            smsSender.validate();
        }
        return this;
    }

    /** The same configuration, with {@code template} where the request left the SMS template out. */
    MfaConfiguration withSmsMessageOrElse(String template) {
        return new MfaConfiguration(mode, sms.withMessageOrElse(template), totpEnabled, adaptiveEnabled, smsSender,
                smsCountries);
    }

    public boolean anyFactorEnabled() {
        return sms.enabled() || totpEnabled;
    }

    public boolean smsIsOnlyFactor() {
        return sms.enabled() && !totpEnabled;
    }

    public List<Warning> warnings() {
        List<Warning> warnings = new ArrayList<>();
        if (mode.asksForSecondFactor() && smsIsOnlyFactor()) {
            warnings.add(Warning.SMS_ONLY_FACTOR);
        }
        if (smsCountries.allowsAll() && (sms.enabled() || smsSender != null)) {
            warnings.add(Warning.SMS_TO_EVERY_COUNTRY);
        }
        return warnings;
    }

    /** Advice that does not refuse the change. */
    public record Warning(String code, String message) {
        static final Warning SMS_ONLY_FACTOR = new Warning("SmsOnlyFactor",
                "SMS is the only second factor. TOTP is recommended, so that SMS stays free to serve as an "
                        + "account-recovery channel disjoint from the authentication factor.");
        static final Warning SMS_TO_EVERY_COUNTRY = new Warning("SmsToEveryCountry",
                "The pool's text messages may go to every country. List the countries your users are in "
                        + "(smsCountries) so that premium-rate numbers elsewhere cannot be made to cost you.");
    }
}
