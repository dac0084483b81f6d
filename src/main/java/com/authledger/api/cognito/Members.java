package com.authledger.api.cognito;

import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.user.api.FactorPreference;

import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Cognito's rules for the members several operations share, and the MFA preference they read alike. */
final class Members {

    static final Pattern USER_POOL_ID = Pattern.compile("[\\w-]+_[0-9a-zA-Z]+");
    static final Pattern CLIENT_ID = Pattern.compile("[\\w+]+");
    static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
    static final Pattern PASSWORD = Pattern.compile("[\\S]+");

    private Members() {
    }

    static String userPoolId(Input input) {
        return input.string("UserPoolId", 1, 55, USER_POOL_ID);
    }

    static String clientId(Input input) {
        return input.string("ClientId", 1, 128, CLIENT_ID);
    }

    /** SMSMfaSettings and SoftwareTokenMfaSettings; email and passkey MFA are not offered, enabling them refused. */
    record MfaPreferences(FactorPreference sms, FactorPreference softwareToken) {

        static MfaPreferences of(Input input) {
            FactorPreference sms = preference(input.optObject("SMSMfaSettings"));
            FactorPreference softwareToken = preference(input.optObject("SoftwareTokenMfaSettings"));
            refuseEnabled(input.optObject("EmailMfaSettings"), "EmailMfaSettings", "Email MFA");
            refuseEnabled(input.optObject("WebAuthnMfaSettings"), "WebAuthnMfaSettings", "Passkey (WebAuthn) MFA");
            return new MfaPreferences(sms, softwareToken);
        }

        /**
         * Sends the preference change; the aggregate's refusal to enable TOTP before an authenticator is verified
         * answers as Cognito does, InvalidParameterException ("User has not set up software token mfa").
         */
        static <R> R send(Supplier<R> change) {
            try {
                return change.get();
            } catch (AuthledgerException refused) {
                if (refused.code() == ErrorCode.SoftwareTokenNotFound) {
                    throw CognitoError.invalidParameter(refused.getMessage());
                }
                throw refused;
            }
        }

        /** Cognito's SMSMfaSettingsType / SoftwareTokenMfaSettingsType: an absent member is false. */
        private static FactorPreference preference(Input settings) {
            if (settings == null) {
                return null;
            }
            return new FactorPreference(Boolean.TRUE.equals(settings.optBoolean("Enabled")),
                    Boolean.TRUE.equals(settings.optBoolean("PreferredMfa")));
        }

        private static void refuseEnabled(Input settings, String member, String factor) {
            if (settings == null) {
                return;
            }
            settings.optBoolean("PreferredMfa");
            if (Boolean.TRUE.equals(settings.optBoolean("Enabled"))) {
                throw CognitoError.invalidParameter(factor + " is not offered by this service (" + member + ").");
            }
        }
    }
}
