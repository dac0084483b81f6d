package com.authledger.signin;

import com.authledger.signin.api.ChallengeName;
import com.authledger.signin.api.SignInEvent.ChallengeIssued;
import com.authledger.signin.api.SignInEvent.PasswordVerifierIssued;

import java.time.Instant;
import java.util.List;

/**
 * The step a {@link SignInSession} waits for: its challenge, the hash of the session string that answers it, its
 * expiry and the wrong answers so far, with what the challenge offered (the factors to choose or set up), the keyed
 * HMAC of an SMS code sent for it, and how far an MFA_SETUP went ({@code setUp}, with the phone number's fingerprint
 * a setup code went to).
 */
public record Challenge(ChallengeName name, String stepHash, Instant expiresAt, int wrongAnswers, List<String> options,
                        String codeMac, String setUp, String phoneVersion) {

    /** How far an MFA_SETUP went. */
    static final String TOTP_ASSOCIATED = "TOTP_ASSOCIATED";
    static final String TOTP_VERIFIED = "TOTP_VERIFIED";
    static final String SMS_CODE_SENT = "SMS_CODE_SENT";

    /** A wrong answer ends the attempt when it is the third. */
    static final int MAX_WRONG_ANSWERS = 3;

    public Challenge {
        options = options == null ? List.of() : List.copyOf(options);
    }

    static Challenge of(PasswordVerifierIssued event) {
        return new Challenge(ChallengeName.PASSWORD_VERIFIER, event.stepHash(), event.expiresAt(), 0, List.of(),
                null, null, null);
    }

    /**
     * The challenge {@code event} issues after {@code previous} (null for the first): a new challenge starts its
     * count of wrong answers; the steps of one MFA_SETUP (associate, verify) share theirs.
     */
    static Challenge issued(Challenge previous, ChallengeIssued event) {
        boolean sameSetUp = previous != null && previous.name == ChallengeName.MFA_SETUP
                && event.challenge() == ChallengeName.MFA_SETUP;
        return new Challenge(event.challenge(), event.stepHash(), event.expiresAt(),
                sameSetUp ? previous.wrongAnswers : 0, event.options(), event.codeMac(), event.setUp(),
                event.phoneVersion());
    }

    Challenge withWrongAnswers(int count) {
        return new Challenge(name, stepHash, expiresAt, count, options, codeMac, setUp, phoneVersion);
    }

    /** The wrong answers there will be with one more. */
    int nextWrongAnswer() {
        return wrongAnswers + 1;
    }

    boolean setsUpSms() {
        return SMS_CODE_SENT.equals(setUp);
    }
}
