package com.authledger.user;

import com.authledger.pool.PoolContext;
import com.authledger.user.api.Contact;

import java.time.Instant;

/**
 * Where a password reset code can go, or why it cannot. Recovery stays disjoint from the authentication factor: no
 * reset code over SMS to a user whose MFA factor is SMS (Cognito's AccountRecoverySetting rule); the verified email
 * serves instead, if there is one. A reset refused is not an error: public answers say nothing of it, and the reason
 * is recorded for the audit history.
 */
record ResetCodeChannel(Contacts contacts, FactorPreferences preferences, PoolContext pool) {

    static final String UNCONFIRMED = "The user has not confirmed their sign-up.";

    /** The contact a reset code goes to, or null when none may. */
    Contact contact() {
        if (contacts.phoneNumber().verified() && !preferences.sms().enabled() && pool.canSendSms()) {
            return Contact.PHONE_NUMBER;
        }
        return contacts.email().verified() ? Contact.EMAIL : null;
    }

    /** Why no reset code can be sent now, or null. */
    String refusal(RecentSends sends, Instant now) {
        if (contact() == null) {
            return contacts.phoneNumber().verified() && preferences.sms().enabled()
                    ? "SMS is the user's MFA factor, so it cannot also recover the account, and the user has no "
                    + "verified email."
                    : "The user has no verified phone number the pool can send to and no verified email.";
        }
        return sends.budgetLeft(now) ? null
                : "More than " + RecentSends.MAX_PER_HOUR + " messages were sent to the user within the hour.";
    }
}
