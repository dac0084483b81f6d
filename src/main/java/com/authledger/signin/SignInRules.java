package com.authledger.signin;

import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.InvalidInput;
import com.authledger.shared.Rule;
import com.authledger.signin.api.ChallengeName;
import com.authledger.user.Lockout;
import com.authledger.user.Results.CodeVerdict;
import com.authledger.user.Results.PasswordVerdict;
import com.authledger.user.Results.SignInProfile;
import com.authledger.user.Results.StepVerdict;
import com.authledger.user.SignInRequirement.Factor;
import com.authledger.user.api.UserStatus;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The rules of a {@link SignInSession}, one small named object each, grouped by the lifecycle they guard: the
 * PASSWORD_VERIFIER step of USER_SRP_AUTH, the challenges of the attempt, and the token family it became.
 *
 * <p>Each rule answers its {@link SignInRule#refusal() refusal} (null when it holds) as well as {@link Rule#verify()
 * verifying}: a refusal that records something (a wrong code counted, an expiry noted) is applied by the session and
 * returned rather than thrown, so that the record commits (ADR 12); the others are thrown and change nothing.
 */
public final class SignInRules {

    public static final String USED_ONCE = "Invalid session for the user, session can only be used once.";
    public static final String EXPIRED = "Invalid session for the user, session is expired.";
    public static final String INVALID = "Invalid session for the user.";
    public static final String INVALID_REFRESH = "Invalid Refresh Token";
    public static final String REVOKED_REFRESH = "Refresh Token has been revoked";
    /** Cognito's answer to a wrong password, and to a name that matches no user. */
    public static final String INCORRECT = "Incorrect username or password.";

    private SignInRules() {
    }

    /** A rule that answers its refusal rather than throwing it, so that a refusal can be recorded first. */
    public interface SignInRule extends Rule {

        /** The refusal, or null when the rule holds. */
        AuthledgerException refusal();

        @Override
        default void verify() {
            AuthledgerException refusal = refusal();
            if (refusal != null) {
                throw refusal;
            }
        }
    }

    static AuthledgerException notAuthorized() {
        return new AuthledgerException(ErrorCode.NotAuthorized, INCORRECT);
    }

    static AuthledgerException invalidSession() {
        return new AuthledgerException(ErrorCode.InvalidSession, INVALID);
    }

    // ---- the user (any lifecycle)

    /** A user who may not sign in even with the right password: not confirmed, or bound to reset it. */
    public record UserMaySignIn(SignInProfile profile) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            if (profile.status() == UserStatus.UNCONFIRMED) {
                return new AuthledgerException(ErrorCode.UserNotConfirmed, "User is not confirmed.");
            }
            if (profile.status() == UserStatus.RESET_REQUIRED) {
                return new AuthledgerException(ErrorCode.PasswordResetRequired,
                        "Password reset required for the user");
            }
            return null;
        }
    }

    // ---- the PASSWORD_VERIFIER step (USER_SRP_AUTH)

    /**
     * The signed TIMESTAMP is within {@link PasswordVerifiers#TIMESTAMP_WINDOW} of the server's clock. A stale one
     * gets no verdict: the session stays usable for an answer with the current time.
     */
    public record TimestampIsCurrent(Instant timestamp, Instant now) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return PasswordVerifiers.isCurrent(timestamp, now) ? null : new AuthledgerException(
                    ErrorCode.NotAuthorized, "The TIMESTAMP of the password claim is too far from the server's "
                    + "time; answer again with the current time.");
        }
    }

    /** The password claim proved the password; a wrong one, or one for a locked-out user or name, ends the session. */
    public record PasswordProven(PasswordVerdict.Outcome outcome) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return switch (outcome) {
                case ACCEPTED -> null;
                case LOCKED -> new AuthledgerException(ErrorCode.PasswordAttemptsExceeded, Lockout.MESSAGE);
                case REJECTED -> notAuthorized();
            };
        }

        /** The reason recorded in SignInFailed. */
        String reason() {
            return outcome == PasswordVerdict.Outcome.LOCKED ? "locked-out" : "wrong-password";
        }
    }

    // ---- the session string and the challenge it answers

    /** A session answers only through the app client its sign-in started with. */
    public record SessionOfClient(String clientId, String presentedClientId) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return clientId.equals(presentedClientId) ? null : invalidSession();
        }
    }

    /** The enrolment endpoints name no client: the session must at least be one of the pool addressed. */
    public record SessionOfPool(String poolId, String presentedPoolId) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return poolId.equals(presentedPoolId) ? null : invalidSession();
        }
    }

    /**
     * The secret is the current step's, of an attempt still going. A spent secret (an earlier step's, or any after
     * the attempt ended or succeeded) is "used once"; an expired session keeps saying that it expired, to the holder
     * of its secret only.
     */
    public record SessionAnswersCurrentStep(Challenge current, boolean ended, boolean expired, boolean succeeded,
                                            List<String> usedStepHashes, String secret) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            String stepHash = current == null ? null : current.stepHash();
            if (expired) {
                return stepHash != null && SessionSecrets.matches(stepHash, secret)
                        ? new AuthledgerException(ErrorCode.SessionExpired, EXPIRED) : invalidSession();
            }
            if (ended || stepHash == null || !SessionSecrets.matches(stepHash, secret)) {
                boolean used = ended || succeeded || usedStepHashes.contains(SessionSecrets.hash(secret));
                return new AuthledgerException(ErrorCode.InvalidSession, used ? USED_ONCE : INVALID);
            }
            return null;
        }
    }

    /** A step is answered before its session expires (recorded the first time it is not). */
    public record SessionNotExpired(Instant expiresAt, Instant now) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return now.isBefore(expiresAt) ? null : new AuthledgerException(ErrorCode.SessionExpired, EXPIRED);
        }
    }

    /** A USERNAME given with an answer names the session's user. */
    public record AnswerNamesTheUser(String named, Predicate<String> namesTheUser) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return named == null || namesTheUser.test(named) ? null : invalidSession();
        }
    }

    /** An answer is to the session's own challenge. */
    public record AnswerToTheChallenge(ChallengeName current, ChallengeName answered) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return answered == current ? null : new InvalidInput("challengeName",
                    "must be " + current + ", the challenge of this session");
        }
    }

    /** SELECT_MFA_TYPE: the ANSWER is one of the factors offered. */
    public record AnswerIsOffered(List<String> options, String answer) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return options.contains(answer) ? null : answerMustBeOneOf(options);
        }
    }

    private static AuthledgerException answerMustBeOneOf(List<String> options) {
        return new AuthledgerException(ErrorCode.MfaMethodNotFound, "ANSWER must be one of "
                + String.join(", ", options) + ".");
    }

    /** SELECT_MFA_TYPE: the chosen factor is still one the user can use (it may have changed since the offer). */
    public record FactorStillUsable(SignInProfile profile, Factor factor) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return profile.requirement().usable().contains(factor) ? null : new AuthledgerException(
                    ErrorCode.MfaMethodNotFound, "That factor can no longer be used by this user; sign in again.");
        }
    }

    /** The code answered the challenge: a wrong or replayed one counts (the third ends it), a lockout ends it. */
    public record CodeAccepted(StepVerdict.Outcome outcome) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return switch (outcome) {
                case ACCEPTED -> null;
                case LOCKED -> new AuthledgerException(ErrorCode.PasswordAttemptsExceeded, Lockout.MESSAGE);
                case REPLAYED -> new AuthledgerException(ErrorCode.ExpiredCode,
                        "Your software token has already been used once.");
                case MISMATCH -> new AuthledgerException(ErrorCode.CodeMismatch,
                        "Invalid code or auth state for the user.");
            };
        }

        /** The reason recorded with the wrong answer. */
        String reason() {
            return outcome == StepVerdict.Outcome.REPLAYED ? "code-already-used" : "wrong-code";
        }
    }

    // ---- MFA_SETUP

    /**
     * A required factor must be one the user can set up: a REQUIRED pool that offers only SMS cannot enrol a user
     * without a phone number.
     */
    public record SetUpHasAChoice(List<String> choices) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return !choices.isEmpty() ? null : new AuthledgerException(ErrorCode.PhoneNumberMissing, "The pool "
                    + "requires SMS MFA and the user has no phone number: add one, then sign in again.");
        }
    }

    /** MFA_SETUP answered SMS_MFA: only where it was offered. */
    public record SmsSetUpOffered(List<String> options) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return options.contains(Factor.SMS_MFA.name()) ? null : new AuthledgerException(
                    ErrorCode.MfaMethodNotFound, "SMS MFA cannot be set up here: the pool does not offer it, or the "
                    + "user has no phone number.");
        }
    }

    /** MFA_SETUP answered SMS_MFA: the user can still set it up (the phone number may have gone since the offer). */
    public record SmsStillSetUpable(SignInProfile profile) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return profile.canSetUpSms() ? null : new AuthledgerException(ErrorCode.MfaMethodNotFound,
                    "SMS MFA can no longer be set up for this user; sign in again.");
        }
    }

    /** MFA_SETUP's ANSWER, when given, names a factor: SMS_MFA, or SOFTWARE_TOKEN_MFA. */
    public record SetUpAnswerNamesAFactor(List<String> options, String answer) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return answer == null || Factor.SMS_MFA.name().equals(answer)
                    || Factor.SOFTWARE_TOKEN_MFA.name().equals(answer) ? null : answerMustBeOneOf(options);
        }
    }

    /** MFA_SETUP completes with TOTP only once an authenticator was associated and verified in this session. */
    public record AuthenticatorVerified(String setUp) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return Challenge.TOTP_VERIFIED.equals(setUp) ? null : new AuthledgerException(ErrorCode.InvalidUserState,
                    "Set up an authenticator first: associate a software token with this session, then verify it; "
                            + "or answer SMS_MFA.");
        }
    }

    /** The session-bound AssociateSoftwareToken / VerifySoftwareToken answer an MFA_SETUP that offers TOTP. */
    public record SettingUpAnAuthenticator(Challenge current) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return current != null && current.name() == ChallengeName.MFA_SETUP
                    && current.options().contains(Factor.SOFTWARE_TOKEN_MFA.name()) ? null
                    : new AuthledgerException(ErrorCode.InvalidSession, "This session is not setting up an "
                    + "authenticator (MFA_SETUP with SOFTWARE_TOKEN_MFA).");
        }
    }

    /** VerifySoftwareToken in a session: after AssociateSoftwareToken in the same session. */
    public record AuthenticatorAssociated(String setUp) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return Challenge.TOTP_ASSOCIATED.equals(setUp) ? null : new AuthledgerException(
                    ErrorCode.SoftwareTokenNotFound, "Associate a software token with this session first.");
        }
    }

    /** VerifySoftwareToken in a session: the code proves the new authenticator (a wrong one counts). */
    public record AuthenticatorCodeAccepted(CodeVerdict verdict) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return verdict == CodeVerdict.ACCEPTED ? null : new AuthledgerException(ErrorCode.CodeMismatch,
                    "Code mismatch and fail enable Software Token MFA");
        }
    }

    /** The session's app client still exists: a deleted client ends its sign-ins. */
    public record AppClientStillExists(Optional<?> client) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return client.isPresent() ? null : new AuthledgerException(ErrorCode.NotAuthorized,
                    "The app client of this sign-in no longer exists.");
        }
    }

    // ---- the token family

    /** A refresh token is one of a completed sign-in, presented with the app client it was issued to. */
    public record RefreshTokenOfClient(TokenFamily family, String clientId, String presentedClientId)
            implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return family != null && clientId.equals(presentedClientId) ? null
                    : new AuthledgerException(ErrorCode.NotAuthorized, INVALID_REFRESH);
        }
    }

    /** A revoked family (here, or in the register every node reads) renews nothing. */
    public record FamilyNotRevoked(String familyId, TokenFamily family, TokenFamilyRegister register)
            implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return revoked() ? new AuthledgerException(ErrorCode.RefreshTokenRevoked, REVOKED_REFRESH) : null;
        }

        /** Whether the family is revoked: as this session recorded, or as the register says (another node). */
        boolean revoked() {
            return family.revoked() || register.refusal(familyId).isPresent();
        }
    }

    /** A refresh token renews until the family's refresh validity ends. */
    public record RefreshTokenNotExpired(TokenFamily family, Instant now) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return now.isBefore(family.expiresAt()) ? null
                    : new AuthledgerException(ErrorCode.NotAuthorized, "Refresh Token has expired");
        }
    }

    /** The secret is one of the family's refresh tokens, current or rotated away from. */
    public record RefreshTokenOfFamily(TokenFamily family, String secret) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return secret != null && family.issued(secret) ? null
                    : new AuthledgerException(ErrorCode.NotAuthorized, INVALID_REFRESH);
        }
    }

    /**
     * Only the current refresh token renews: one the family rotated away from, presented again, means that someone
     * holds a copy, and revokes the family (recorded).
     */
    public record RefreshTokenNotReused(TokenFamily family, String secret) implements SignInRule {
        @Override
        public AuthledgerException refusal() {
            return family.current(secret) ? null
                    : new AuthledgerException(ErrorCode.RefreshTokenRevoked, REVOKED_REFRESH);
        }
    }
}
