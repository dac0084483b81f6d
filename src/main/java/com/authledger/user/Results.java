package com.authledger.user;

import com.authledger.shared.ErrorCode;
import com.authledger.shared.RuleViolation;
import com.authledger.user.api.Channel;
import com.authledger.user.api.Contact;
import com.authledger.user.api.UserStatus;

import java.util.List;

/** What the User aggregate's commands answer. */
public final class Results {

    private Results() {
    }

    /** Where a code went, masked as Cognito's CodeDeliveryDetails: {@code +*******0008}, {@code a***@e***.com}. */
    public record CodeDelivery(Channel deliveryMedium, String destination, Contact attribute) {

        static CodeDelivery to(Contact contact, String plaintextDestination) {
            return new CodeDelivery(contact.channel(), contact == Contact.PHONE_NUMBER ? maskPhone(plaintextDestination)
                            : maskEmail(plaintextDestination), contact);
        }

        public static String maskPhone(String e164) {
            int keep = Math.min(4, e164.length() - 1);
            return "+" + "*".repeat(e164.length() - 1 - keep) + e164.substring(e164.length() - keep);
        }

        static String maskEmail(String email) {
            int at = email.indexOf('@');
            String domain = email.substring(at + 1);
            int dot = domain.lastIndexOf('.');
            return email.charAt(0) + "***@" + domain.charAt(0) + "***" + (dot > 0 ? domain.substring(dot) : "");
        }
    }

    /** Where a reset code went, or why none was sent (told to admins only; public answers say neither). */
    public record PasswordResetOutcome(CodeDelivery codeDelivery, String notSentBecause) {
    }

    /** A new user, and where its sign-up code went (null when none was sent). */
    public record Registration(String sub, String username, UserStatus status, CodeDelivery codeDelivery) {
    }

    /** AssociateSoftwareToken's answer, the only time the secret is ever returned. */
    public record SoftwareTokenSecret(String secretCode, String otpauthUri) {
        @Override
        public String toString() {
            return "SoftwareTokenSecret[redacted]";
        }
    }

    /** The recovery codes, shown once. */
    public record RecoveryCodes(List<String> codes) {
        @Override
        public String toString() {
            return "RecoveryCodes[" + codes.size() + " redacted]";
        }
    }

    public record MfaPreference(boolean smsEnabled, boolean smsPreferred, boolean softwareTokenEnabled,
                                boolean softwareTokenPreferred, boolean changed) {
    }

    /**
     * How a code was received. A wrong code is recorded (it counts towards the limit of wrong tries), so the command
     * commits and answers this verdict, and the caller turns a refusal into its error with {@link #orThrow()}.
     */
    public enum CodeVerdict {
        ACCEPTED, MISMATCH, EXPIRED;

        public void orThrow() {
            switch (this) {
                case MISMATCH -> throw new RuleViolation(ErrorCode.CodeMismatch,
                        "Invalid verification code provided, please try again.");
                case EXPIRED -> throw new RuleViolation(ErrorCode.ExpiredCode,
                        "Invalid code provided, please request a code again.");
                default -> {
                }
            }
        }
    }

    /**
     * What a user's sign-in asks for now, for the session to choose its challenge: the user's status, the
     * {@link SignInRequirement} under the pool's configuration of the moment, the preferred usable factor (if any),
     * and what an MFA_SETUP could enrol. {@code phoneNumber} is the serving number in plaintext, held in memory only
     * (an SMS challenge is sent to it); {@code phoneVersion} fingerprints its sealed form, so a setup code is known to
     * have gone to the number that is still there.
     */
    public record SignInProfile(String sub, String username, UserStatus status, SignInRequirement requirement,
                                SignInRequirement.Factor preferred, boolean phoneNumberVerified, String phoneNumber,
                                String phoneVersion, boolean canSetUpSms, boolean canSetUpTotp) {
        @Override
        public String toString() {
            return "SignInProfile[sub=" + sub + ", " + status + ", " + requirement + ", phone redacted]";
        }
    }

    /** The password step: accepted (with the profile), rejected, or not checked because the user is locked out. */
    public record PasswordVerdict(Outcome outcome, SignInProfile profile, java.time.Instant lockedUntil) {

        public enum Outcome { ACCEPTED, REJECTED, LOCKED }

        static PasswordVerdict accepted(SignInProfile profile) {
            return new PasswordVerdict(Outcome.ACCEPTED, profile, null);
        }

        static PasswordVerdict rejected() {
            return new PasswordVerdict(Outcome.REJECTED, null, null);
        }

        static PasswordVerdict locked(java.time.Instant until) {
            return new PasswordVerdict(Outcome.LOCKED, null, until);
        }
    }

    /**
     * A second-factor step: accepted ({@code method}: {@code totp}, {@code sms} or {@code recovery-code}), a wrong
     * code, a TOTP code of a time step already used, or not checked because the user is locked out.
     */
    public record StepVerdict(Outcome outcome, String method) {

        public enum Outcome { ACCEPTED, MISMATCH, REPLAYED, LOCKED }

        public boolean accepted() {
            return outcome == Outcome.ACCEPTED;
        }
    }
}
