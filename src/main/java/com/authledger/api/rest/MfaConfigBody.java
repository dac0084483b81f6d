package com.authledger.api.rest;

import com.authledger.pool.MfaConfiguration;
import com.authledger.pool.MfaMode;
import com.authledger.pool.PasswordPolicy;
import com.authledger.pool.SmsCountries;
import com.authledger.pool.SmsMfa;
import com.authledger.pool.SmsSender;
import com.authledger.pool.VerificationSettings;
import com.authledger.shared.InvalidInput;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** The request bodies of the pool API, mapped onto the domain's value objects, which check their own shape. */
final class MfaConfigBody {

    private MfaConfigBody() {
    }

    record SmsMfaBody(boolean enabled, String message) {
    }

    record TotpMfaBody(boolean enabled) {
    }

    /** {@code enforced} is read-only: accepted so that a GET response can be sent back as is, and ignored. */
    @JsonIgnoreProperties(value = "enforced")
    record AdaptiveBody(boolean enabled) {
    }

    record SmsSenderBody(String credentialsRef, String externalId, String region) {
    }

    record VerificationBody(List<String> autoVerifiedAttributes, String smsMessage, String emailMessage) {
        VerificationSettings toSettings() {
            return VerificationSettings.of(autoVerifiedAttributes, smsMessage, emailMessage);
        }
    }

    /**
     * A password policy: POST /pools's {@code passwordPolicy}, and the whole body of
     * PUT /pools/{poolId}/password-policy (the GET representation, which can be sent back unchanged). All five fields
     * are required: a policy replaces the pool's as a whole, and an omitted requirement would be ambiguous (Cognito's
     * UpdateUserPool takes it as false, a new pool's defaults as true). Boxed so that an omitted field is refused
     * naming it.
     */
    record PasswordPolicyBody(Integer minimumLength, Boolean requireUppercase, Boolean requireLowercase,
                              Boolean requireNumbers, Boolean requireSymbols) {
        PasswordPolicy toPolicy() {
            return new PasswordPolicy(required("minimumLength", minimumLength),
                    required("requireUppercase", requireUppercase), required("requireLowercase", requireLowercase),
                    required("requireNumbers", requireNumbers), required("requireSymbols", requireSymbols))
                    .validate();
        }

        private static <T> T required(String field, T value) {
            if (value == null) {
                throw new InvalidInput("passwordPolicy." + field, "is required");
            }
            return value;
        }
    }

    /**
     * PUT /pools/{poolId}/mfa-config. A client can read, edit and write back the same document: the read-only fields
     * of the GET representation are accepted and ignored, except {@code version}, which guards the write like
     * If-Match (a concurrent change in between is refused instead of overwritten). Any other unknown field is
     * refused. {@code notifyUsers: true} tells the users whose sign-in changes (ADR 8).
     */
    @JsonIgnoreProperties(value = {"poolId", "validFrom", "validTo", "changed", "warnings", "notifiedUsers"})
    record MfaConfigRequest(MfaMode mfaMode, SmsMfaBody smsMfa, TotpMfaBody totpMfa,
                            AdaptiveBody adaptiveAuthentication, SmsSenderBody smsSender,
                            java.util.List<String> smsCountries, Long version, Boolean notifyUsers) {
        MfaConfiguration toConfiguration() {
            return configuration(mfaMode, smsMfa, totpMfa, adaptiveAuthentication, smsSender, smsCountries);
        }
    }

    /**
     * POST /pools: a name, the MFA configuration's fields, the verification settings, and the password policy (left
     * out or null: the defaults).
     */
    record CreatePoolRequest(String name, MfaMode mfaMode, SmsMfaBody smsMfa, TotpMfaBody totpMfa,
                             AdaptiveBody adaptiveAuthentication, SmsSenderBody smsSender,
                             java.util.List<String> smsCountries, VerificationBody verification,
                             PasswordPolicyBody passwordPolicy) {
        MfaConfiguration toConfiguration() {
            return configuration(mfaMode, smsMfa, totpMfa, adaptiveAuthentication, smsSender, smsCountries);
        }

        VerificationSettings toVerification() {
            return verification == null ? VerificationSettings.defaults() : verification.toSettings();
        }

        /** Null when left out: CreatePool then gives the pool the defaults. */
        PasswordPolicy toPasswordPolicy() {
            return passwordPolicy == null ? null : passwordPolicy.toPolicy();
        }
    }

    /** {@code countries} left out or null: every country (the configuration answer warns). */
    static MfaConfiguration configuration(MfaMode mode, SmsMfaBody sms, TotpMfaBody totp, AdaptiveBody adaptive,
                                          SmsSenderBody sender, java.util.List<String> countries) {
        return new MfaConfiguration(mode,
                sms == null ? null : SmsMfa.of(sms.enabled(), sms.message()),
                totp != null && totp.enabled(),
                adaptive != null && adaptive.enabled(),
                sender == null ? null : SmsSender.of(sender.credentialsRef(), sender.externalId(), sender.region()),
                SmsCountries.of(countries));
    }
}
