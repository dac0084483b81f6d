package com.authledger.user.api;

import java.time.Duration;

/** What a one-time code is for, and how long it is valid (Cognito's quotas). */
public enum CodePurpose {
    SIGN_UP(Duration.ofHours(24)),
    VERIFY_PHONE_NUMBER(Duration.ofHours(24)),
    VERIFY_EMAIL(Duration.ofHours(24)),
    RESET_PASSWORD(Duration.ofHours(1));

    private final Duration validity;

    CodePurpose(Duration validity) {
        this.validity = validity;
    }

    public Duration validity() {
        return validity;
    }

    public static CodePurpose verifying(Contact contact) {
        return contact == Contact.PHONE_NUMBER ? VERIFY_PHONE_NUMBER : VERIFY_EMAIL;
    }
}
