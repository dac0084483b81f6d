package com.authledger.signin.read;

import com.authledger.infra.SqlTime;
import com.authledger.signin.api.SignInEvent;
import com.authledger.signin.api.SignInEvent.ChallengeAnswered;
import com.authledger.signin.api.SignInEvent.ChallengeFailed;
import com.authledger.signin.api.SignInEvent.ChallengeIssued;
import com.authledger.signin.api.SignInEvent.SessionExpired;
import com.authledger.signin.api.SignInEvent.SignInFailed;
import com.authledger.signin.api.SignInEvent.SignInStarted;
import com.authledger.signin.api.SignInEvent.SignInSucceeded;
import com.authledger.user.api.SignInStep;
import com.authledger.user.api.UserEvent.SignInStepFailed;
import com.authledger.user.api.UserEvent.UserDeleted;
import com.authledger.user.api.UserEvent.UserRegistered;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Set;

/**
 * The sign-in read models: the state of each attempt's challenge (sign_in_challenge) and each user's sign-in history
 * as Cognito's AdminListUserAuthEvents shows it (auth_event). Rebuilt by replay; fed by the SignInSession's events and
 * by the User's wrong passwords (a wrong password starts no session). Copies nothing secret: the events' session
 * hashes, code MACs and refresh token hashes stay in the event store.
 */
@Component
@ProcessingGroup(SignInStateProjection.PROCESSING_GROUP)
public class SignInStateProjection {

    public static final String PROCESSING_GROUP = "sign-in-state";

    /** The answers that prove a second factor; the others (a new password, a factor chosen) are not MFA steps. */
    static final Set<String> MFA_METHODS = Set.of("totp", "sms", "recovery-code", "sms-set-up", "totp-set-up");
    /**
     * At most this many steps are kept per attempt: re-associating an authenticator during MFA_SETUP issues a new
     * step each time, so the failures of one attempt are not bounded by the three of a single step.
     */
    static final int MAX_STEPS = 100;

    private final JdbcTemplate jdbc;

    SignInStateProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    // ---- the attempt (SignInSession)

    @EventHandler
    void on(SignInStarted e) {
        ChallengeIssued first = e.firstChallenge();
        jdbc.update("INSERT INTO sign_in_challenge (session_id, pool_id, client_id, sub, username, challenge, "
                        + "attempts_left, expires_at, outcome, started_at, updated_at, ip_address) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.sessionId(), e.poolId(), e.clientId(), e.sub(), e.username(),
                first == null ? null : first.challenge().name(), ChallengeState.MAX_WRONG_ANSWERS,
                first == null ? null : SqlTime.utc(first.expiresAt()), ChallengeState.Outcome.IN_PROGRESS.name(),
                SqlTime.utc(e.occurredAt()), SqlTime.utc(e.occurredAt()), e.ipAddress());
        jdbc.update("INSERT INTO auth_event (event_id, pool_id, sub, username, created_at, event_type, "
                        + "event_response, challenge_responses, ip_address, device_id, user_agent) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.sessionId(), e.poolId(), e.sub(), e.username(), SqlTime.utc(e.occurredAt()), AuthEvent.SIGN_IN,
                AuthEvent.Response.InProgress.name(), AuthEvent.Step.PASSWORD_SUCCESS.code(), e.ipAddress(),
                e.deviceId(), e.userAgent());
    }

    @EventHandler
    void on(ChallengeIssued e) {
        jdbc.update("UPDATE sign_in_challenge SET challenge = ?, attempts_left = ?, expires_at = ?, updated_at = ? "
                        + "WHERE session_id = ?", e.challenge().name(), ChallengeState.MAX_WRONG_ANSWERS,
                SqlTime.utc(e.expiresAt()), SqlTime.utc(e.occurredAt()), e.sessionId());
    }

    @EventHandler
    void on(ChallengeFailed e) {
        jdbc.update("UPDATE sign_in_challenge SET attempts_left = ?, updated_at = ? WHERE session_id = ?",
                Math.max(0, ChallengeState.MAX_WRONG_ANSWERS - e.wrongAnswers()), SqlTime.utc(e.occurredAt()),
                e.sessionId());
        step(e.sessionId(), AuthEvent.Step.MFA_FAILURE);
    }

    @EventHandler
    void on(ChallengeAnswered e) {
        touch(e);
        if (MFA_METHODS.contains(e.method())) {
            step(e.sessionId(), AuthEvent.Step.MFA_SUCCESS);
        }
    }

    /** Tokens; the answer that completed the sign-in, if any, is its last step. */
    @EventHandler
    void on(SignInSucceeded e) {
        if (e.method() == null || !MFA_METHODS.contains(e.method())) {
            end(e, ChallengeState.Outcome.SUCCEEDED, AuthEvent.Response.Pass);
            return;
        }
        // the last step and the outcome in one statement each (the hot path: every MFA sign-in ends here)
        jdbc.update("UPDATE sign_in_challenge SET outcome = ?, updated_at = ? WHERE session_id = ?",
                ChallengeState.Outcome.SUCCEEDED.name(), SqlTime.utc(e.occurredAt()), e.sessionId());
        jdbc.update("UPDATE auth_event SET event_response = ?, challenge_responses = challenge_responses || ? "
                        + "WHERE event_id = ?", AuthEvent.Response.Pass.name(),
                AuthEvent.Step.SEPARATOR + AuthEvent.Step.MFA_SUCCESS.code(), e.sessionId());
    }

    @EventHandler
    void on(SignInFailed e) {
        end(e, ChallengeState.Outcome.FAILED, AuthEvent.Response.Fail);
    }

    @EventHandler
    void on(SessionExpired e) {
        end(e, ChallengeState.Outcome.EXPIRED, AuthEvent.Response.Fail);
    }

    // ---- the user (wrong passwords, and the names they are shown under)

    @EventHandler
    void on(UserRegistered e) {
        jdbc.update("INSERT INTO sign_in_user (sub, pool_id, username) VALUES (?, ?, ?)", e.sub(), e.poolId(),
                e.username());
    }

    /** A wrong password: an event of its own, as Cognito records it. MFA failures are the session's ChallengeFailed. */
    @EventHandler
    void on(SignInStepFailed e, EventMessage<?> message) {
        if (e.step() != SignInStep.PASSWORD) {
            return;
        }
        List<String> names = jdbc.queryForList("SELECT username FROM sign_in_user WHERE sub = ?", String.class,
                e.sub());
        jdbc.update("INSERT INTO auth_event (event_id, pool_id, sub, username, created_at, event_type, "
                        + "event_response, challenge_responses, ip_address, device_id, user_agent) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                message.getIdentifier(), e.poolId(), e.sub(), names.isEmpty() ? null : names.get(0),
                SqlTime.utc(e.occurredAt()), AuthEvent.SIGN_IN, AuthEvent.Response.Fail.name(),
                AuthEvent.Step.PASSWORD_FAILURE.code(), e.ipAddress(), e.deviceId(), e.userAgent());
    }

    /** A deleted user's sign-in records go with it. */
    @EventHandler
    void on(UserDeleted e) {
        jdbc.update("DELETE FROM auth_event WHERE sub = ?", e.sub());
        jdbc.update("DELETE FROM sign_in_challenge WHERE sub = ?", e.sub());
        jdbc.update("DELETE FROM sign_in_user WHERE sub = ?", e.sub());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM auth_event");
        jdbc.update("DELETE FROM sign_in_challenge");
        jdbc.update("DELETE FROM sign_in_user");
    }

    // ---- helpers

    private void touch(SignInEvent e) {
        jdbc.update("UPDATE sign_in_challenge SET updated_at = ? WHERE session_id = ?", SqlTime.utc(e.occurredAt()),
                e.sessionId());
    }

    private void end(SignInEvent e, ChallengeState.Outcome outcome, AuthEvent.Response response) {
        jdbc.update("UPDATE sign_in_challenge SET outcome = ?, updated_at = ? WHERE session_id = ?", outcome.name(),
                SqlTime.utc(e.occurredAt()), e.sessionId());
        jdbc.update("UPDATE auth_event SET event_response = ? WHERE event_id = ?", response.name(), e.sessionId());
    }

    private void step(String sessionId, AuthEvent.Step step) {
        List<String> current = jdbc.queryForList("SELECT challenge_responses FROM auth_event WHERE event_id = ?",
                String.class, sessionId);
        if (current.isEmpty() || AuthEvent.Step.count(current.get(0)) >= MAX_STEPS) {
            return;
        }
        jdbc.update("UPDATE auth_event SET challenge_responses = ? WHERE event_id = ?",
                current.get(0) + AuthEvent.Step.SEPARATOR + step.code(), sessionId);
    }
}
