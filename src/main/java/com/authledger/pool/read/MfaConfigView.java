package com.authledger.pool.read;

import com.authledger.pool.MfaConfiguration;
import com.authledger.pool.api.MfaSettings;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The JSON shape of an MFA configuration, shared by the API, the audit trail's before/after and the exports.
 * Adaptive authentication is reported as stored and, until risk evaluation exists, as not enforced.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MfaConfigView(String mfaMode, SmsMfaView smsMfa, TotpMfaView totpMfa,
                            AdaptiveAuthenticationView adaptiveAuthentication, SmsSenderView smsSender,
                            List<String> smsCountries) {

    public static MfaConfigView of(MfaConfiguration configuration) {
        return of(MfaSettings.of(configuration));
    }

    public static MfaConfigView of(MfaSettings settings) {
        return new MfaConfigView(settings.mode(), new SmsMfaView(settings.smsEnabled(), settings.smsMessage()),
                new TotpMfaView(settings.totpEnabled()),
                new AdaptiveAuthenticationView(settings.adaptiveEnabled(), false),
                settings.senderCredentialsRef() == null ? null : new SmsSenderView(settings.senderCredentialsRef(),
                        settings.senderExternalId(), settings.senderRegion()), settings.smsCountries());
    }

    public record SmsMfaView(boolean enabled, String message) {
    }

    public record TotpMfaView(boolean enabled) {
    }

    public record AdaptiveAuthenticationView(boolean enabled, boolean enforced) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SmsSenderView(String credentialsRef, String externalId, String region) {
    }
}
