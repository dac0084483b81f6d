package com.authledger.pool;

import com.authledger.shared.ErrorCode;
import com.authledger.shared.Rule;
import com.authledger.shared.RuleViolation;

import java.util.List;

/**
 * The seed's rules for a pool's MFA configuration, one small named object each, checked by {@link UserPool} in the
 * order listed so that the most fundamental refusal is the one reported.
 */
public final class PoolRules {

    public static final String REQUIRED_ONLY_AT_CREATION =
            "Cannot turn MFA functionality ON, once the user pool has been created.";
    public static final String NO_FACTOR_ENABLED =
            "Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.";

    private PoolRules() {
    }

    static List<Rule> forCreation(MfaConfiguration requested, VerificationSettings verification) {
        return List.of(
                new AdaptiveNeedsOptionalMfa(requested),
                new MfaNeedsAFactor(requested),
                new SmsNeedsASender(requested, verification));
    }

    static List<Rule> forChange(MfaConfiguration current, MfaConfiguration requested,
                                VerificationSettings verification) {
        return List.of(
                new RequiredOnlyAtCreation(current.mode(), requested.mode()),
                new ModeStaysOptionalWhileAdaptive(current, requested),
                new AdaptiveNeedsOptionalMfa(requested),
                new MfaNeedsAFactor(requested),
                new SmsNeedsASender(requested, verification));
    }

    /**
     * Seed rule 1: REQUIRED is chosen at creation or never. A change into REQUIRED from any other mode is refused,
     * which also means a REQUIRED pool that was lowered can never return; a REQUIRED pool may change its factors.
     */
    public record RequiredOnlyAtCreation(MfaMode current, MfaMode requested) implements Rule {
        @Override
        public void verify() {
            if (requested == MfaMode.REQUIRED && current != MfaMode.REQUIRED) {
                throw new RuleViolation(ErrorCode.MfaRequiredOnlyAtCreation, REQUIRED_ONLY_AT_CREATION);
            }
        }
    }

    /** Seed rule 2: OPTIONAL or REQUIRED with no second factor enabled is refused. */
    public record MfaNeedsAFactor(MfaConfiguration requested) implements Rule {
        @Override
        public void verify() {
            if (requested.mode().asksForSecondFactor() && !requested.anyFactorEnabled()) {
                throw new RuleViolation(ErrorCode.NoMfaFactorEnabled, NO_FACTOR_ENABLED);
            }
        }
    }

    /** Seed rule 4: a pool that sends SMS (SMS MFA or phone verification) needs a sender it is allowed to use. */
    public record SmsNeedsASender(MfaConfiguration requested, VerificationSettings verification) implements Rule {
        @Override
        public void verify() {
            if (requested.smsSender() != null) {
                return;
            }
            if (requested.sms().enabled()) {
                throw new RuleViolation(ErrorCode.SmsSenderRequired,
                        "SMS MFA needs an SMS sender configuration (smsSender) the pool is allowed to use.");
            }
            if (verification.verifiesPhoneNumbers()) {
                throw new RuleViolation(ErrorCode.SmsSenderRequired,
                        "The pool verifies phone numbers by SMS, so it needs an SMS sender configuration (smsSender).");
            }
        }
    }

    /** Seed rule 5, first half: adaptive authentication can only be on while MFA is OPTIONAL. */
    public record AdaptiveNeedsOptionalMfa(MfaConfiguration requested) implements Rule {
        @Override
        public void verify() {
            if (requested.adaptiveEnabled() && requested.mode() != MfaMode.OPTIONAL) {
                throw new RuleViolation(ErrorCode.AdaptiveAuthenticationRequiresOptionalMfa,
                        "Adaptive authentication requires MFA to be enabled and set to OPTIONAL.");
            }
        }
    }

    /**
     * Seed rule 5, second half: while adaptive authentication is on, the mode cannot leave OPTIONAL, not even in the
     * same change that turns it off; turning it off first keeps both decisions visible in the audit history.
     */
    public record ModeStaysOptionalWhileAdaptive(MfaConfiguration current, MfaConfiguration requested)
            implements Rule {
        @Override
        public void verify() {
            if (current.adaptiveEnabled() && requested.mode() != MfaMode.OPTIONAL) {
                throw new RuleViolation(ErrorCode.AdaptiveAuthenticationActive,
                        "The MFA mode cannot leave OPTIONAL while adaptive authentication is on; turn adaptive "
                                + "authentication off first.");
            }
        }
    }
}
