package com.authledger.signin.api;

import com.authledger.infra.StepEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * Everything a {@code SignInSession} emits: one sign-in attempt from its verified password to its tokens, and the
 * token family (refresh tokens) it then opened. Session strings and refresh tokens appear only as SHA-256 hashes of
 * their 256-bit secrets; SMS codes only as keyed HMACs; a phone number only masked.
 */
public sealed interface SignInEvent {

    String sessionId();

    String poolId();

    String sub();

    Instant occurredAt();

    /**
     * The password was accepted: the attempt starts, from this context. {@code phoneNumberVerified} is the user's at
     * that moment (it goes into the tokens). When the password does not suffice, {@code firstChallenge} is the
     * challenge put to the user next, recorded here rather than as a {@link ChallengeIssued} of its own (as
     * {@link SignInSucceeded} records the last answer); it is null when the password signed the user in, and in events
     * recorded before it existed, which a {@link ChallengeIssued} follows.
     */
    @Revision("1")
    record SignInStarted(String sessionId, String poolId, String clientId, String sub, String username,
                         boolean phoneNumberVerified, String ipAddress, String userAgent, String deviceId,
                         Instant occurredAt, ChallengeIssued firstChallenge)
            implements SignInEvent, StepEvent {

        /** With its first challenge, it only puts that challenge (a password's failures are the User's events). */
        @Override
        public boolean onlyPutsTheNextStep() {
            return firstChallenge != null;
        }

        public SignInStarted withFirstChallenge(ChallengeIssued challenge) {
            return new SignInStarted(sessionId, poolId, clientId, sub, username, phoneNumberVerified, ipAddress,
                    userAgent, deviceId, occurredAt, challenge);
        }
    }

    /**
     * USER_SRP_AUTH began: a PASSWORD_VERIFIER challenge for the client's {@code clientPublic} (SRP_A, hex), answered
     * with the session string hashing to {@code stepHash} until {@code expiresAt}. The server's ephemeral b is not
     * recorded: it is derived again from the session id under the master key {@code keyId}. {@code sub} is null when
     * the name matched no user; {@code nameMac} is the keyed MAC of the name as given. The password is proven by the
     * answer; {@link SignInStarted} follows it.
     */
    @Revision("1")
    record PasswordVerifierIssued(String sessionId, String poolId, String clientId, String sub, String nameMac,
                                  String stepHash, String clientPublic, String keyId, String ipAddress,
                                  String userAgent, String deviceId, Instant expiresAt, Instant occurredAt)
            implements SignInEvent {
    }

    /**
     * A challenge was put to the user. The session string answering it hashes to {@code stepHash}; it is valid until
     * {@code expiresAt}. For {@code SMS_MFA}, {@code codeMac} is the keyed HMAC of the code sent to
     * {@code codeDestination} (masked). For {@code MFA_SETUP}, {@code setUp} says how far the enrolment went:
     * {@code null}, {@code TOTP_ASSOCIATED}, {@code TOTP_VERIFIED} or {@code SMS_CODE_SENT}.
     * {@code phoneVersion} fingerprints the phone number a setup code went to.
     */
    @Revision("1")
    record ChallengeIssued(String sessionId, String poolId, String sub, ChallengeName challenge, String stepHash,
                           List<String> options, String codeMac, String codeDestination, String setUp,
                           String phoneVersion, Instant expiresAt, Instant occurredAt)
            implements SignInEvent, StepEvent {
    }

    /** A wrong answer. The third one ({@code consumed}) ends the session. */
    @Revision("1")
    record ChallengeFailed(String sessionId, String poolId, String sub, ChallengeName challenge, int wrongAnswers,
                           boolean consumed, String reason, Instant occurredAt) implements SignInEvent {
    }

    /**
     * A right answer that leads to a further challenge (the answer that completes a sign-in is recorded in
     * {@link SignInSucceeded}): {@code method} is how: {@code totp}, {@code sms}, {@code recovery-code} (a second factor),
     * {@code sms-set-up}, {@code totp-set-up} (a factor enrolled and used in MFA_SETUP), {@code new-password},
     * {@code selected-<factor>}.
     */
    @Revision("1")
    record ChallengeAnswered(String sessionId, String poolId, String sub, ChallengeName challenge, String method,
                             Instant occurredAt) implements SignInEvent, StepEvent {
    }

    /**
     * Tokens were issued: the session is now a token family whose refresh token hashes to {@code refreshTokenHash},
     * valid until {@code refreshExpiresAt}. {@code amr} names the factors used. When a right answer completed the
     * sign-in, {@code answered} and {@code method} say which challenge and how (as {@link ChallengeAnswered} would:
     * the last answer is recorded here, not in an event of its own); both are null when the password sufficed.
     */
    @Revision("1")
    record SignInSucceeded(String sessionId, String poolId, String sub, String clientId, ChallengeName answered,
                           String method, List<String> amr, String refreshTokenHash, Instant refreshExpiresAt,
                           Instant occurredAt) implements SignInEvent {
    }

    /** The attempt ended without tokens: too many wrong answers, or the user was locked out meanwhile. */
    @Revision("1")
    record SignInFailed(String sessionId, String poolId, String sub, String reason, Instant occurredAt)
            implements SignInEvent {
    }

    /** An answer came after the session expired. */
    @Revision("1")
    record SessionExpired(String sessionId, String poolId, String sub, Instant occurredAt) implements SignInEvent {
    }

    /** A refresh token was used: new ID and access tokens, and the next refresh token of the family. */
    @Revision("1")
    record RefreshTokenRotated(String sessionId, String poolId, String sub, int generation, String refreshTokenHash,
                               Instant occurredAt) implements SignInEvent {
    }

    /** No token of the family is accepted any more ({@code reason}: reuse of a rotated refresh token, sign-out, ...). */
    @Revision("1")
    record TokenFamilyRevoked(String sessionId, String poolId, String sub, String reason, Instant occurredAt)
            implements SignInEvent {
    }
}
