package com.authledger.user.api;

import com.authledger.shared.InvalidInput;
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

    /**
     * A TOTP code presented at sign-in, checked against the verified authenticator: accepted once at most (the
     * accepted time step is recorded, so a replay within the window is refused).
     */
    public record CheckSoftwareTokenCode(@TargetAggregateIdentifier String sub, String code) {
        public CheckSoftwareTokenCode {
            Codes.requireSixDigits("code", code);
        }

        @Override
        public String toString() {
            return "CheckSoftwareTokenCode[sub=" + sub + ", redacted]";
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

    /** Spends one recovery code in place of a second factor; answers whether it was one of the user's. */
    public record RedeemRecoveryCode(@TargetAggregateIdentifier String sub, String code) {
        public RedeemRecoveryCode {
            InvalidInput.require("code", code);
        }

        @Override
        public String toString() {
            return "RedeemRecoveryCode[sub=" + sub + ", redacted]";
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
}
