package com.authledger.signin;

import com.authledger.signin.api.SignInEvent.PasswordVerifierIssued;

/**
 * What a USER_SRP_AUTH {@link SignInSession} keeps until its password is proven (ADR 14): the client's SRP_A
 * ({@code clientPublic}, hex), the master key its server ephemeral b is derived under, the keyed MAC of the name it
 * was started with, and where the initiation came from. None of it is needed once the attempt has started.
 */
public record PasswordVerifierStep(String clientPublic, String keyId, String nameMac, String userAgent,
                                   String deviceId) {

    static PasswordVerifierStep of(PasswordVerifierIssued event) {
        return new PasswordVerifierStep(event.clientPublic(), event.keyId(), event.nameMac(), event.userAgent(),
                event.deviceId());
    }
}
