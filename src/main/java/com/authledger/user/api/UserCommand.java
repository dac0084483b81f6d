package com.authledger.user.api;

import com.authledger.shared.InvalidInput;
import com.authledger.user.SignInRequirement;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The commands of a {@code User}, addressed by its {@code sub}. Each checks the shape of its own fields when built
 * (a bad field is refused before anything is dispatched); the rules that depend on the user, the pool or time are
 * the aggregate's.
 */
public final class UserCommand {

    private UserCommand() {
    }

    /** Self-service registration: UNCONFIRMED until a code sent to the phone or email confirms it. */
    public record SignUp(@TargetAggregateIdentifier String sub, String poolId, String username, String password,
                         Attributes attributes) {
        public SignUp {
            Username.requireValid(username);
            InvalidInput.require("password", password);
            attributes = attributes == null ? Attributes.NONE : attributes.validate();
        }

        @Override
        public String toString() {
            return "SignUp[sub=" + sub + ", redacted]";
        }
    }

    /** An admin creates a user with a temporary password: FORCE_CHANGE_PASSWORD until the user sets their own. */
    public record AdminCreateUser(@TargetAggregateIdentifier String sub, String poolId, String username,
                                  String temporaryPassword, Attributes attributes) {
        public AdminCreateUser {
            Username.requireValid(username);
            InvalidInput.require("temporaryPassword", temporaryPassword);
            attributes = attributes == null ? Attributes.NONE : attributes.validate();
        }

        @Override
        public String toString() {
            return "AdminCreateUser[sub=" + sub + ", redacted]";
        }
    }

    public record ConfirmSignUp(@TargetAggregateIdentifier String sub, String code) {
        public ConfirmSignUp {
            Codes.requireSixDigits("code", code);
        }

        @Override
        public String toString() {
            return "ConfirmSignUp[sub=" + sub + ", redacted]";
        }
    }

    public record AdminConfirmSignUp(@TargetAggregateIdentifier String sub) {
    }

    public record ResendSignUpCode(@TargetAggregateIdentifier String sub) {
    }

    public record AdminSetUserPassword(@TargetAggregateIdentifier String sub, String password, boolean permanent) {
        public AdminSetUserPassword {
            InvalidInput.require("password", password);
        }

        @Override
        public String toString() {
            return "AdminSetUserPassword[sub=" + sub + ", redacted]";
        }
    }

    /** Name, email and phone number; a null leaves a value as it is, an empty string removes it. */
    public record UpdateUserAttributes(@TargetAggregateIdentifier String sub, Attributes attributes, Initiator by) {
        public UpdateUserAttributes {
            attributes = InvalidInput.requireNonNull("attributes", attributes).validate();
            by = by == null ? Initiator.ADMIN : by;
        }

        @Override
        public String toString() {
            return "UpdateUserAttributes[sub=" + sub + ", redacted]";
        }
    }

    /** Sends a code to the contact's pending value, or to its current value while unverified. */
    public record RequestContactVerification(@TargetAggregateIdentifier String sub, Contact contact) {
        public RequestContactVerification {
            InvalidInput.requireNonNull("attribute", contact);
        }
    }

    public record VerifyContact(@TargetAggregateIdentifier String sub, Contact contact, String code, Initiator by) {
        public VerifyContact {
            InvalidInput.requireNonNull("attribute", contact);
            Codes.requireSixDigits("code", code);
            by = by == null ? Initiator.USER : by;
        }

        @Override
        public String toString() {
            return "VerifyContact[sub=" + sub + ", redacted]";
        }
    }

    public record AssociateSoftwareToken(@TargetAggregateIdentifier String sub, Initiator by) {
        public AssociateSoftwareToken {
            by = by == null ? Initiator.USER : by;
        }
    }

    /**
     * Proves the pending secret with a code. It marks the token verified; enabling TOTP stays
     * SetUserMfaPreference's job, except inside the sign-in's MFA_SETUP ({@code enableTotp}).
     */
    public record VerifySoftwareToken(@TargetAggregateIdentifier String sub, String code, String friendlyDeviceName,
                                      boolean enableTotp, Initiator by) {
        public VerifySoftwareToken {
            Codes.requireSixDigits("userCode", code);
            if (friendlyDeviceName != null) {
                InvalidInput.requireLength("friendlyDeviceName", friendlyDeviceName, 1, 128);
                Attributes.requirePrintable("friendlyDeviceName", friendlyDeviceName);
            }
            by = by == null ? Initiator.USER : by;
        }

        @Override
        public String toString() {
            return "VerifySoftwareToken[sub=" + sub + ", redacted]";
        }
    }

    public record ResetSoftwareToken(@TargetAggregateIdentifier String sub) {
    }

    /** Null leaves a factor's setting as it is. */
    public record SetUserMfaPreference(@TargetAggregateIdentifier String sub, FactorPreference sms,
                                       FactorPreference softwareToken, Initiator by) {
        public SetUserMfaPreference {
            if (sms != null && sms.preferred() && softwareToken != null && softwareToken.preferred()) {
                throw new InvalidInput("preferredMfa", "may name one factor only");
            }
            if (sms != null) {
                sms.validate("sms");
            }
            if (softwareToken != null) {
                softwareToken.validate("softwareToken");
            }
            by = by == null ? Initiator.ADMIN : by;
        }
    }

    public record GenerateRecoveryCodes(@TargetAggregateIdentifier String sub, Initiator by) {
        public GenerateRecoveryCodes {
            by = by == null ? Initiator.USER : by;
        }
    }

    /** ForgotPassword: a reset code over a recovery channel disjoint from the user's MFA factor, if any. */
    public record RequestPasswordReset(@TargetAggregateIdentifier String sub) {
    }

    /** AdminResetUserPassword: RESET_REQUIRED, and a reset code as for ForgotPassword. */
    public record AdminResetUserPassword(@TargetAggregateIdentifier String sub) {
    }

    public record ConfirmPasswordReset(@TargetAggregateIdentifier String sub, String code, String password) {
        public ConfirmPasswordReset {
            Codes.requireSixDigits("code", code);
            InvalidInput.require("password", password);
        }

        @Override
        public String toString() {
            return "ConfirmPasswordReset[sub=" + sub + ", redacted]";
        }
    }

    public record DeleteUser(@TargetAggregateIdentifier String sub, Initiator by) {
        public DeleteUser {
            by = by == null ? Initiator.ADMIN : by;
        }
    }

    // ---- sign-in (sent by the SignInService and the SignInSession)

    /**
     * The password of a sign-in, checked against the stored SRP verifier unless the user is locked out. Answers a
     * {@code Results.PasswordVerdict}; a wrong password is counted towards the lockout.
     */
    public record VerifySignInPassword(@TargetAggregateIdentifier String sub, String password,
                                       SignInContext context) {
        public VerifySignInPassword {
            InvalidInput.require("PASSWORD", password);
            context = context == null ? SignInContext.NONE : context;
        }

        @Override
        public String toString() {
            return "VerifySignInPassword[sub=" + sub + ", redacted]";
        }
    }

    /**
     * The signed-in user replaces their password (Cognito's ChangePassword): the previous one is checked unless the
     * user is locked out, and a wrong one counts towards the lockout as a sign-in's would. Answers a
     * {@code Results.PasswordVerdict} (without a profile); once changed, every token family of the user is revoked.
     */
    public record ChangePassword(@TargetAggregateIdentifier String sub, String previousPassword,
                                 String proposedPassword, SignInContext context) {
        public ChangePassword {
            InvalidInput.require("previousPassword", previousPassword);
            InvalidInput.require("proposedPassword", proposedPassword);
            context = context == null ? SignInContext.NONE : context;
        }

        @Override
        public String toString() {
            return "ChangePassword[sub=" + sub + ", redacted]";
        }
    }

    /**
     * USER_SRP_AUTH: the salt and verifier the user's password is stored as (answers a {@code Srp6a.Verifier}, or
     * null when the user has no password); changes nothing. Sent only from inside a sign-in session.
     */
    public record DescribePasswordVerifier(@TargetAggregateIdentifier String sub) {
    }

    /**
     * USER_SRP_AUTH: a PASSWORD_VERIFIER answer, checked against the stored verifier unless the user is locked out,
     * exactly as {@link VerifySignInPassword} checks a password: answers a {@code Results.PasswordVerdict}; a claim
     * that does not match is a wrong password, counted towards the lockout.
     */
    public record VerifySignInPasswordClaim(@TargetAggregateIdentifier String sub,
                                            com.authledger.user.password.Srp6a.PasswordClaim claim,
                                            SignInContext context) {
        public VerifySignInPasswordClaim {
            context = context == null ? SignInContext.NONE : context;
        }

        @Override
        public String toString() {
            return "VerifySignInPasswordClaim[sub=" + sub + ", redacted]";
        }
    }

    /** What the user's sign-in asks for now (answers a {@code SignInProfile}); changes nothing. */
    public record DescribeSignIn(@TargetAggregateIdentifier String sub) {
    }

    /**
     * A second-factor answer at sign-in: a six-digit code of {@code factor}, or one of the user's recovery codes in
     * its place (unless {@code recoveryCodeAccepted} is false: setting SMS up proves the phone number, which only the
     * code sent to it can). For SMS the code was checked by the session that sent it ({@code smsCodeMatched}); a TOTP code is
     * checked here, and accepted once at most. Refused unchecked while the user is locked out; a wrong answer counts
     * towards the lockout.
     */
    public record AuthenticateSignInStep(@TargetAggregateIdentifier String sub, SignInRequirement.Factor factor,
                                         String code, boolean smsCodeMatched, boolean recoveryCodeAccepted,
                                         SignInContext context) {
        public AuthenticateSignInStep {
            InvalidInput.require("code", code);
            context = context == null ? SignInContext.NONE : context;
        }

        /** A step where a recovery code may stand in for the factor's code. */
        public AuthenticateSignInStep(String sub, SignInRequirement.Factor factor, String code, boolean smsCodeMatched,
                                      SignInContext context) {
            this(sub, factor, code, smsCodeMatched, true, context);
        }

        @Override
        public String toString() {
            return "AuthenticateSignInStep[sub=" + sub + ", " + factor + ", redacted]";
        }
    }

    /** NEW_PASSWORD_REQUIRED answered: the user's own password replaces the temporary one. */
    public record CompleteNewPassword(@TargetAggregateIdentifier String sub, String password) {
        public CompleteNewPassword {
            InvalidInput.require("NEW_PASSWORD", password);
        }

        @Override
        public String toString() {
            return "CompleteNewPassword[sub=" + sub + ", redacted]";
        }
    }

    /**
     * MFA_SETUP by SMS: the code sent to the phone number whose fingerprint is {@code phoneVersion} was answered, so
     * that number is verified and SMS MFA enabled (refused if the number changed meanwhile).
     */
    public record EnableSmsMfaAtSignIn(@TargetAggregateIdentifier String sub, String phoneVersion) {
    }

    /** A sign-in completed: the failed-step count starts again. */
    public record ClearSignInFailures(@TargetAggregateIdentifier String sub) {
    }

    /** GlobalSignOut / AdminUserGlobalSignOut: every token family of the user is revoked. */
    public record RevokeTokens(@TargetAggregateIdentifier String sub, Initiator by) {
        public RevokeTokens {
            by = by == null ? Initiator.ADMIN : by;
        }
    }
}
