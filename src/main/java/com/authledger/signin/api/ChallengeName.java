package com.authledger.signin.api;

/** The challenges of a sign-in, named as Cognito names them on the wire. */
public enum ChallengeName {
    /** USER_SRP_AUTH: the client proves the password with a signature (SRP-6a), never sending it. */
    PASSWORD_VERIFIER,
    NEW_PASSWORD_REQUIRED,
    SMS_MFA,
    SOFTWARE_TOKEN_MFA,
    SELECT_MFA_TYPE,
    MFA_SETUP;

    /** The challenge with this exact name, or null. */
    public static ChallengeName parse(String name) {
        for (ChallengeName challenge : values()) {
            if (challenge.name().equals(name)) {
                return challenge;
            }
        }
        return null;
    }
}
