package com.authledger.user;

import com.authledger.pool.MfaConfiguration;
import com.authledger.pool.MfaMode;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a user's sign-in asks for under a pool configuration: nothing beyond the password, a challenge with one of the
 * usable factors, or the setup of a factor (REQUIRED pool, no usable factor). A factor is usable when the user
 * enabled it and the pool offers it now; SMS also needs the verified phone number, in a country of the pool's SMS
 * country list. A factor the pool stops offering (to everyone, or to the user's country) stays enabled in the user's
 * preferences but is not usable until the pool offers it again (ADR 0008).
 */
public record SignInRequirement(Step step, Set<Factor> usable) {

    public enum Step { PASSWORD_ONLY, CHALLENGE, SET_UP_FACTOR }

    public enum Factor { SMS_MFA, SOFTWARE_TOKEN_MFA }

    /**
     * The user's side: what it enabled, whether its phone number and authenticator are verified, and the region of
     * the phone number ({@code phoneRegion}: needed only when the pool has an SMS country list, else may be null).
     */
    public record UserFactors(boolean smsEnabled, boolean phoneVerified, String phoneRegion, boolean totpEnabled,
                              boolean totpVerified) {

        /** Whether the phone's region must be known to decide under {@code pools}' configurations. */
        public static boolean regionNeeded(boolean smsEnabled, boolean phoneVerified, MfaConfiguration... pools) {
            if (!smsEnabled || !phoneVerified) {
                return false;
            }
            for (MfaConfiguration pool : pools) {
                if (!pool.smsCountries().allowsAll()) {
                    return true;
                }
            }
            return false;
        }
    }

    public static SignInRequirement of(MfaConfiguration pool, UserFactors user) {
        Set<Factor> usable = EnumSet.noneOf(Factor.class);
        if (pool.mode() != MfaMode.OFF) {
            if (user.smsEnabled() && user.phoneVerified() && pool.sms().enabled()
                    && pool.smsCountries().allowsRegion(user.phoneRegion())) {
                usable.add(Factor.SMS_MFA);
            }
            if (user.totpEnabled() && user.totpVerified() && pool.totpEnabled()) {
                usable.add(Factor.SOFTWARE_TOKEN_MFA);
            }
        }
        Step step = !usable.isEmpty() ? Step.CHALLENGE
                : pool.mode() == MfaMode.REQUIRED ? Step.SET_UP_FACTOR : Step.PASSWORD_ONLY;
        return new SignInRequirement(step, Set.copyOf(usable));
    }

    /** One sentence telling the user what their sign-in now asks for. */
    String describe(String poolName) {
        return switch (step) {
            case PASSWORD_ONLY -> "Signing in to " + poolName + " no longer asks for a second factor.";
            case SET_UP_FACTOR -> "Your next sign-in to " + poolName + " will ask you to set up a second factor.";
            case CHALLENGE -> "Signing in to " + poolName + " now asks for "
                    + (usable.size() > 1 ? "a code from your authenticator app or a text message"
                    : usable.contains(Factor.SMS_MFA) ? "a code sent by text message"
                    : "a code from your authenticator app") + ".";
        };
    }
}
