package com.authledger.pool;

/** A pool's MFA mode. REQUIRED is Cognito's ON; it can only be chosen when the pool is created. */
public enum MfaMode {
    OFF,
    OPTIONAL,
    REQUIRED;

    public boolean asksForSecondFactor() {
        return this != OFF;
    }
}
