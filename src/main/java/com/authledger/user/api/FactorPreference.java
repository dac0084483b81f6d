package com.authledger.user.api;

import com.authledger.shared.InvalidInput;

/** Cognito's SMSMfaSettings / SoftwareTokenMfaSettings: enabled, and preferred (which implies enabled). */
public record FactorPreference(boolean enabled, boolean preferred) {

    void validate(String field) {
        if (preferred && !enabled) {
            throw new InvalidInput(field + ".preferred", "needs " + field + ".enabled");
        }
    }
}
