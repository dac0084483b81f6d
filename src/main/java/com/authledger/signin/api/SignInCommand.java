package com.authledger.signin.api;

import com.authledger.shared.InvalidInput;
import com.authledger.signin.api.SignInEvent.PasswordVerifierIssued;
import com.authledger.user.Results.SignInProfile;
import com.authledger.user.api.SignInContext;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/**
 * The commands of a {@code SignInSession}, addressed by the session's id (the part of the session string, or of a
 * refresh token, before the dot). The secret after the dot is checked against the hash the session holds; it is
 * never logged. A command naming an app client (with its current settings: session and token lifetimes) is refused
 * unless it is the client the sign-in started with.
 */
public final class SignInCommand {

    private SignInCommand() {
    }

    /** The password was verified: the session starts, and answers its first challenge or the tokens. */
    public record StartSignIn(@TargetAggregateIdentifier String sessionId, String poolId, ClientTerms client,
                              SignInProfile profile, SignInContext context) {
    }

    /**
     * USER_SRP_AUTH: the answer to a PASSWORD_VERIFIER ticket whose name matched a user. The session begins with
     * {@code issued}, the challenge as its ticket carried it (the initiation stored nothing), and the answer follows.
     */
    public record AnswerPasswordVerifier(@TargetAggregateIdentifier String sessionId, PasswordVerifierIssued issued,
                                         ClientTerms client, Map<String, String> responses, SignInContext context) {
        public AnswerPasswordVerifier {
            responses = responses == null ? Map.of() : Map.copyOf(responses);
            context = context == null ? SignInContext.NONE : context;
        }

        @Override
        public String toString() {
            return "AnswerPasswordVerifier[session=" + sessionId + ", redacted]";
        }
    }

    /**
     * An answer to the session's current challenge, with Cognito's ChallengeResponses ({@code SOFTWARE_TOKEN_MFA_CODE},
     * {@code SMS_MFA_CODE}, {@code ANSWER}, {@code NEW_PASSWORD}, {@code USERNAME}, ...).
     */
    public record RespondToChallenge(@TargetAggregateIdentifier String sessionId, String secret, ClientTerms client,
                                     ChallengeName challenge, Map<String, String> responses,
                                     SignInContext context) {
        public RespondToChallenge {
            responses = responses == null ? Map.of() : Map.copyOf(responses);
            context = context == null ? SignInContext.NONE : context;
        }

        @Override
        public String toString() {
            return "RespondToChallenge[session=" + sessionId + ", " + challenge + ", redacted]";
        }
    }

    /**
     * MFA_SETUP: a new authenticator secret for the user, inside the sign-in (AssociateSoftwareToken with Session).
     * The pool is the one the request was addressed to: a session answers only under its own pool.
     */
    public record AssociateSoftwareTokenInSession(@TargetAggregateIdentifier String sessionId, String secret,
                                                  String poolId) {
        @Override
        public String toString() {
            return "AssociateSoftwareTokenInSession[session=" + sessionId + ", redacted]";
        }
    }

    /** MFA_SETUP: the new authenticator proven with a code; TOTP is enabled (VerifySoftwareToken with Session). */
    public record VerifySoftwareTokenInSession(@TargetAggregateIdentifier String sessionId, String secret,
                                               String poolId, String code, String friendlyDeviceName) {
        public VerifySoftwareTokenInSession {
            InvalidInput.require("userCode", code);
        }

        @Override
        public String toString() {
            return "VerifySoftwareTokenInSession[session=" + sessionId + ", redacted]";
        }
    }

    /** REFRESH_TOKEN_AUTH: new ID and access tokens, and the family's next refresh token. */
    public record RefreshTokens(@TargetAggregateIdentifier String sessionId, String secret, ClientTerms client) {
        @Override
        public String toString() {
            return "RefreshTokens[family=" + sessionId + ", redacted]";
        }
    }

    /**
     * RevokeToken: the holder of a refresh token of the app client {@code clientId} revokes its family. Answers
     * whether the family was open until now (false when it was revoked already).
     */
    public record RevokeRefreshToken(@TargetAggregateIdentifier String sessionId, String secret, String clientId) {
        @Override
        public String toString() {
            return "RevokeRefreshToken[family=" + sessionId + ", redacted]";
        }
    }
}
