package com.authledger.pool.api;

import com.authledger.pool.MfaConfiguration;
import com.authledger.pool.MfaMode;
import com.authledger.pool.SmsCountries;
import com.authledger.pool.SmsMfa;
import com.authledger.pool.SmsSender;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The stored form of an MFA configuration inside events: strings and primitives only, so that what is in the event
 * store never depends on the shape of domain classes. {@code smsCountries} is absent (every country) in events
 * stored before pools had SMS country lists, and in later ones without a list: their stored shape is unchanged.
 */
public record MfaSettings(String mode, boolean smsEnabled, String smsMessage, boolean totpEnabled,
                          boolean adaptiveEnabled, String senderCredentialsRef, String senderExternalId,
                          String senderRegion, @JsonInclude(JsonInclude.Include.NON_NULL) List<String> smsCountries) {

    public static MfaSettings of(MfaConfiguration configuration) {
        SmsSender sender = configuration.smsSender();
        return new MfaSettings(configuration.mode().name(), configuration.sms().enabled(),
                configuration.sms().message(), configuration.totpEnabled(), configuration.adaptiveEnabled(),
                sender == null ? null : sender.credentialsRef(), sender == null ? null : sender.externalId(),
                sender == null ? null : sender.region(), configuration.smsCountries().allowed());
    }

    public MfaConfiguration toConfiguration() {
        SmsSender sender = senderCredentialsRef == null ? null
                : new SmsSender(senderCredentialsRef, senderExternalId, senderRegion);
        return new MfaConfiguration(MfaMode.valueOf(mode), new SmsMfa(smsEnabled, smsMessage), totpEnabled,
                adaptiveEnabled, sender, new SmsCountries(smsCountries));
    }
}
