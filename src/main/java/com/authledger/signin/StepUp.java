package com.authledger.signin;

import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.InvalidInput;
import com.authledger.user.Lockout;
import com.authledger.user.Results.StepVerdict;
import com.authledger.user.api.Codes;
import com.authledger.user.api.Contact;
import com.authledger.user.api.UserCommand;

import java.time.Duration;
import java.time.Instant;

/**
 * Step-up for self-service changes to a user's factors, contacts or recovery codes ({@link #requiredFor} says which,
 * for both self-service adapters): a stolen access token is good for an hour (and a refreshed one for as long as its
 * refresh token), so such a change also needs proof that the user is there now. Either the token's sign-in
 * ({@code auth_time}, which a refresh does not renew) is less than {@link #MAX_SIGN_IN_AGE} old by the server's clock,
 * or the request carries a fresh MFA answer in {@link #HEADER}: a current code of the user's verified authenticator,
 * or one of their unused recovery codes. The answer is checked like a sign-in step (by the User aggregate's
 * {@code AuthenticateSignInStep}), so a TOTP code is accepted once at most, a recovery code is used up, and wrong
 * answers count towards the sign-in lockout. When the sign-in is recent the header is not consulted, and so not used
 * up.
 */
public final class StepUp {

    public static final Duration MAX_SIGN_IN_AGE = Duration.ofMinutes(5);
    public static final String HEADER = "X-MFA-Code";

    private static final int MAX_CODE_LENGTH = 64;

    private StepUp() {
    }

    /**
     * The step-up policy, for a user's own command: changes to the factors (the authenticator, the MFA preference,
     * the recovery codes, verifying a phone number, which can serve as a factor) and to the contacts (a phone number
     * or an email can recover the account) need a step-up; anything else (a change of the name alone, asking for a
     * code, signing out, changing the password, which proves the previous one) does not.
     */
    public static boolean requiredFor(Object command) {
        if (command instanceof UserCommand.UpdateUserAttributes update) {
            return update.attributes().phoneNumber() != null || update.attributes().email() != null;
        }
        if (command instanceof UserCommand.VerifyContact verify) {
            return verify.contact() == Contact.PHONE_NUMBER;
        }
        return command instanceof UserCommand.AssociateSoftwareToken
                || command instanceof UserCommand.VerifySoftwareToken
                || command instanceof UserCommand.SetUserMfaPreference
                || command instanceof UserCommand.GenerateRecoveryCodes;
    }

    /** Whether the token's sign-in alone allows the change: it happened less than five minutes ago. */
    public static boolean recentSignIn(Instant authTime, Instant now) {
        return authTime != null && Duration.between(authTime, now).compareTo(MAX_SIGN_IN_AGE) < 0;
    }

    /**
     * The MFA answer to check, once the sign-in is found not to be recent: refused with {@code StepUpRequired} when
     * there is none, and with {@code InvalidParameter} when it has the shape of neither a six-digit code nor a
     * recovery code (refused before it is checked, so it counts for nothing).
     */
    public static String requireAnswer(String header, Instant authTime, Instant now) {
        if (header == null) {
            throw new AuthledgerException(ErrorCode.StepUpRequired, "This change needs a recent sign-in: "
                    + age(authTime, now) + "; sign in again (the change must follow within "
                    + minutes(MAX_SIGN_IN_AGE) + ") or send a current MFA code in the " + HEADER
                    + " header (a code of your authenticator app, or one of your recovery codes).");
        }
        String code = header.strip();
        if (code.length() > MAX_CODE_LENGTH || !(Codes.isSixDigits(code) || Codes.isRecoveryCode(code))) {
            throw new InvalidInput(HEADER, "must be a six-digit code of your authenticator app or one of your "
                    + "recovery codes");
        }
        return code;
    }

    /** Lets the change go ahead if the MFA answer was accepted; otherwise says why it was refused. */
    public static void requireAccepted(StepVerdict.Outcome outcome, Instant authTime, Instant now) {
        String instead = " The change needs a sign-in within the last " + minutes(MAX_SIGN_IN_AGE) + " ("
                + age(authTime, now) + ") or a current MFA code in the " + HEADER + " header.";
        switch (outcome) {
            case ACCEPTED -> {
            }
            case REPLAYED -> throw new AuthledgerException(ErrorCode.ExpiredCode, "The MFA code in the " + HEADER
                    + " header was refused: your software token has already been used once; wait for its next "
                    + "code." + instead);
            case LOCKED -> throw new AuthledgerException(ErrorCode.PasswordAttemptsExceeded, Lockout.MESSAGE
                    + ": the MFA code in the " + HEADER + " header was not checked; try again later.");
            case MISMATCH -> throw new AuthledgerException(ErrorCode.CodeMismatch, "The MFA code in the " + HEADER
                    + " header was refused: it is neither a current code of your verified authenticator nor one of "
                    + "your unused recovery codes." + instead);
        }
    }

    /** How old the token's sign-in is, in words. */
    static String age(Instant authTime, Instant now) {
        if (authTime == null) {
            return "this token carries no sign-in time (auth_time)";
        }
        Duration age = Duration.between(authTime, now);
        if (age.isNegative()) {
            age = Duration.ZERO;
        }
        String amount;
        if (age.toSeconds() < 120) {
            amount = age.toSeconds() + " seconds";
        } else if (age.toMinutes() < 120) {
            amount = age.toMinutes() + " minutes";
        } else if (age.toHours() < 48) {
            amount = age.toHours() + " hours";
        } else {
            amount = age.toDays() + " days";
        }
        return "this token's sign-in was " + amount + " ago";
    }

    private static String minutes(Duration duration) {
        return duration.toMinutes() + " minutes";
    }
}
