package com.authledger.pool;

/**
 * What the user side needs to know about a pool: its name (the SRP pool name is the part of its id after "_"), its
 * current MFA configuration (which factors it supports, its SMS sender), its verification settings and its password
 * policy. Read from the pool projection: a user command races a concurrent pool change at most by the projection's
 * lag, and sign-in always evaluates the pool's configuration of the moment (ADR 0008).
 */
public record PoolContext(String poolId, String name, MfaConfiguration mfa, VerificationSettings verification,
                          PasswordPolicy passwordPolicy) {

    /** The pool name of Cognito's SRP arithmetic: the part of the pool id after the underscore. */
    public String srpPoolName() {
        return poolId.substring(poolId.indexOf('_') + 1);
    }

    public boolean supportsSms() {
        return mfa.sms().enabled();
    }

    public boolean supportsTotp() {
        return mfa.totpEnabled();
    }

    public boolean canSendSms() {
        return mfa.smsSender() != null;
    }
}
