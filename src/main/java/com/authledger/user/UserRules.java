package com.authledger.user;

import com.authledger.pool.PoolContext;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.InvalidInput;
import com.authledger.shared.Rule;
import com.authledger.shared.RuleViolation;
import com.authledger.user.SignInRequirement.Factor;
import com.authledger.user.api.Attributes;
import com.authledger.user.api.Contact;
import com.authledger.user.api.UserStatus;

import java.time.Instant;
import java.util.List;

/**
 * The rules of a {@link User}, one small named object each, checked by its command handlers before anything is
 * applied, so that a refused command appends nothing. Where a command checks several, they are listed in the order
 * they are checked: the first that fails is the refusal reported.
 */
final class UserRules {

    static final String NOT_CONFIRMED = "User is not confirmed.";
    static final String NO_SIGN_UP_CONTACT = "The pool verifies neither phone numbers nor email addresses "
            + "this user has; an admin confirms the user instead.";
    static final String PHONE_NEEDED_BY_SMS_MFA = "SMS MFA is enabled for this user: disable it before "
            + "removing the phone number.";
    static final String NO_PENDING_SOFTWARE_TOKEN =
            "Software Token MFA does not exist for the user: associate a software token first.";
    static final String NO_SOFTWARE_TOKEN = "User has not set up software token mfa";
    static final String NO_PHONE_FOR_SMS_MFA = "User does not have a phone_number set to turn on SMS MFA";
    static final String PHONE_NOT_VERIFIED =
            "SMS MFA needs a verified phone number: verify the user's phone_number first.";
    static final String ADMIN_RESET_UNCONFIRMED =
            "The user has not confirmed their sign-up; confirm it, or delete the user.";
    static final String NO_TEMPORARY_PASSWORD = "The user has no temporary password to replace.";
    static final String PHONE_CHANGED_DURING_SET_UP =
            "The phone number changed while its code was on the way; sign in again.";
    static final String NO_SMS_SENDER =
            "The pool has no SMS sender: configure its smsSender before sending codes by SMS.";
    static final String SEND_LIMIT = "Attempt limit exceeded, please try after some time.";

    private UserRules() {
    }

    /** Turning SMS MFA on: the pool offers it, and the user has a phone number, verified. */
    static List<Rule> forTurningOnSms(PoolContext pool, ContactState phone) {
        return List.of(
                new PoolOffers(Factor.SMS_MFA, pool),
                new SmsMfaNeedsAPhoneNumber(phone),
                new SmsMfaNeedsAVerifiedPhoneNumber(phone));
    }

    /** Turning TOTP MFA on: the pool offers it, and the user has a verified authenticator. */
    static List<Rule> forTurningOnTotp(PoolContext pool, Authenticator authenticator) {
        return List.of(
                new PoolOffers(Factor.SOFTWARE_TOKEN_MFA, pool),
                new TotpNeedsAVerifiedAuthenticator(authenticator));
    }

    /** Sending a one-time code: SMS needs the pool's sender, and the user's hourly budget must have room. */
    static List<Rule> forSendingACode(Contact contact, PoolContext pool, RecentSends sends, Instant now) {
        return List.of(
                new SmsCodesNeedASender(contact, pool),
                new SendsWithinTheHourlyBudget(sends, now));
    }

    /** Whether a contact is verified is an admin's to vouch for, never the user's own. */
    record OnlyAnAdminVouches(Attributes attributes) implements Rule {
        @Override
        public void verify() {
            if (attributes.emailVerified() != null || attributes.phoneNumberVerified() != null) {
                throw new InvalidInput(attributes.emailVerified() != null ? "emailVerified" : "phoneNumberVerified",
                        "may only be set by an admin");
            }
        }
    }

    /** Confirming a sign-up, or sending its code again, is for a user whose sign-up awaits confirmation. */
    record SignUpAwaitsConfirmation(UserStatus status) implements Rule {
        @Override
        public void verify() {
            if (status != UserStatus.UNCONFIRMED) {
                throw new RuleViolation(ErrorCode.InvalidUserState,
                        "User cannot be confirmed. Current status is " + status);
            }
        }
    }

    /** A sign-up code is sent again only where the pool verifies a contact the user has (null: none). */
    record SignUpCodeNeedsAContact(Contact contact) implements Rule {
        @Override
        public void verify() {
            if (contact == null) {
                throw new RuleViolation(ErrorCode.InvalidUserState, NO_SIGN_UP_CONTACT);
            }
        }
    }

    /** The phone number SMS MFA sends to stays while SMS MFA is enabled. */
    record PhoneNumberStaysWhileSmsMfa(Attributes attributes, FactorPreferences preferences)
            implements Rule {
        @Override
        public void verify() {
            if (attributes.phoneNumber() != null && attributes.phoneNumber().isEmpty()
                    && preferences.sms().enabled()) {
                throw new RuleViolation(ErrorCode.InvalidUserState, PHONE_NEEDED_BY_SMS_MFA);
            }
        }
    }

    /** A code proves a contact value: there must be one, serving or pending. */
    record ContactToVerifyExists(Contact contact, ContactState state) implements Rule {
        @Override
        public void verify() {
            if (state.absent()) {
                throw contact == Contact.PHONE_NUMBER
                        ? new RuleViolation(ErrorCode.PhoneNumberMissing, "The user has no phone_number.")
                        : new RuleViolation(ErrorCode.EmailMissing, "The user has no email.");
            }
        }
    }

    /** A verified value with no new one pending has nothing left to verify. */
    record ContactNotYetVerified(Contact contact, ContactState state) implements Rule {
        @Override
        public void verify() {
            if (state.pending() == null && state.verified()) {
                throw new RuleViolation(ErrorCode.InvalidUserState, "The " + contact.attribute()
                        + " is verified already; there is nothing to verify.");
            }
        }
    }

    /** Second factors and recovery codes are for users whose sign-up is confirmed. */
    record FactorsNeedAConfirmedSignUp(UserStatus status) implements Rule {
        @Override
        public void verify() {
            if (status == UserStatus.UNCONFIRMED) {
                throw new RuleViolation(ErrorCode.UserNotConfirmed, NOT_CONFIRMED);
            }
        }
    }

    /** A factor is associated or turned on only where the pool offers it now. */
    record PoolOffers(Factor factor, PoolContext pool) implements Rule {
        @Override
        public void verify() {
            boolean offered = factor == Factor.SMS_MFA ? pool.supportsSms() : pool.supportsTotp();
            if (!offered) {
                throw new RuleViolation(ErrorCode.FactorNotSupportedByPool, "The pool does not offer "
                        + (factor == Factor.SMS_MFA ? "SMS" : "TOTP (software token)") + " MFA.");
            }
        }
    }

    /** A software token is verified only once associated: there must be a pending secret. */
    record SoftwareTokenPendingVerification(Authenticator authenticator) implements Rule {
        @Override
        public void verify() {
            if (!authenticator.pending()) {
                throw new RuleViolation(ErrorCode.SoftwareTokenNotFound, NO_PENDING_SOFTWARE_TOKEN);
            }
        }
    }

    /** SMS MFA sends its codes to the user's phone number, so there must be one. */
    record SmsMfaNeedsAPhoneNumber(ContactState phone) implements Rule {
        @Override
        public void verify() {
            if (!phone.hasValue()) {
                throw new RuleViolation(ErrorCode.PhoneNumberMissing, NO_PHONE_FOR_SMS_MFA);
            }
        }
    }

    /** SMS MFA only to a phone number the user proved to hold. */
    record SmsMfaNeedsAVerifiedPhoneNumber(ContactState phone) implements Rule {
        @Override
        public void verify() {
            if (!phone.verified()) {
                throw new RuleViolation(ErrorCode.PhoneNumberNotVerified, PHONE_NOT_VERIFIED);
            }
        }
    }

    /** TOTP MFA only after an authenticator was verified with a code. */
    record TotpNeedsAVerifiedAuthenticator(Authenticator authenticator) implements Rule {
        @Override
        public void verify() {
            if (!authenticator.enrolled()) {
                throw new RuleViolation(ErrorCode.SoftwareTokenNotFound, NO_SOFTWARE_TOKEN);
            }
        }
    }

    /** An admin's reset is for a user whose sign-up is confirmed; an unconfirmed one is confirmed or deleted. */
    record AdminResetNeedsAConfirmedSignUp(UserStatus status) implements Rule {
        @Override
        public void verify() {
            if (status == UserStatus.UNCONFIRMED) {
                throw new RuleViolation(ErrorCode.InvalidUserState, ADMIN_RESET_UNCONFIRMED);
            }
        }
    }

    /** NEW_PASSWORD_REQUIRED is answered only while the user has a temporary password. */
    record OnlyATemporaryPasswordIsReplaced(UserStatus status) implements Rule {
        @Override
        public void verify() {
            if (status != UserStatus.FORCE_CHANGE_PASSWORD) {
                throw new RuleViolation(ErrorCode.InvalidUserState, NO_TEMPORARY_PASSWORD);
            }
        }
    }

    /**
     * MFA_SETUP by SMS verifies the number the code went to ({@code phoneVersion}, its fingerprint), never one that
     * replaced it meanwhile.
     */
    record SetUpCodeWentToTheServingPhone(ContactState phone, String phoneVersion) implements Rule {
        @Override
        public void verify() {
            if (!phone.hasValue() || !phone.fingerprint().equals(phoneVersion)) {
                throw new RuleViolation(ErrorCode.InvalidUserState, PHONE_CHANGED_DURING_SET_UP);
            }
        }
    }

    /** A code by SMS needs the pool's SMS sender. */
    record SmsCodesNeedASender(Contact contact, PoolContext pool) implements Rule {
        @Override
        public void verify() {
            if (contact == Contact.PHONE_NUMBER && !pool.canSendSms()) {
                throw new RuleViolation(ErrorCode.SmsSenderRequired, NO_SMS_SENDER);
            }
        }
    }

    /** At most {@link RecentSends#MAX_PER_HOUR} messages an hour to one user. */
    record SendsWithinTheHourlyBudget(RecentSends sends, Instant now) implements Rule {
        @Override
        public void verify() {
            if (!sends.budgetLeft(now)) {
                throw new RuleViolation(ErrorCode.LimitExceeded, SEND_LIMIT);
            }
        }
    }
}
