package com.authledger.signin.api;

import com.authledger.client.api.AppClientSettings;
import com.authledger.client.read.AppClientView;

import java.time.Duration;

/** What the app client a sign-in goes through sets for it: session and token lifetimes. Read at every step. */
public record ClientTerms(String clientId, Duration sessionValidity, Duration accessTokenValidity,
                          Duration idTokenValidity, Duration refreshTokenValidity) {

    public static ClientTerms of(AppClientView client) {
        AppClientSettings settings = client.settings();
        return new ClientTerms(client.clientId(), Duration.ofMinutes(settings.authSessionValidityMinutes()),
                Duration.ofMinutes(settings.accessTokenValidityMinutes()),
                Duration.ofMinutes(settings.idTokenValidityMinutes()),
                Duration.ofMinutes(settings.refreshTokenValidityMinutes()));
    }
}
