package com.authledger.signin.read;

import com.authledger.infra.SqlTime;
import com.authledger.shared.Page;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Reads of the sign-in projections: a pool's sign-in attempts, and a user's sign-in history. */
@Component
public class SignInStateQueries {

    private static final String CHALLENGE_COLUMNS = "session_id, pool_id, client_id, sub, username, challenge, "
            + "attempts_left, expires_at, outcome, started_at, updated_at, ip_address, listing_id";
    private static final String AUTH_EVENT_COLUMNS = "event_id, event_type, created_at, event_response, "
            + "challenge_responses, ip_address, device_id, user_agent, listing_id";

    private static final RowMapper<AuthEvent> AUTH_EVENT = (rs, row) -> new AuthEvent(rs.getString("event_id"),
            rs.getString("event_type"), SqlTime.instant(rs, "created_at"),
            AuthEvent.Response.valueOf(rs.getString("event_response")),
            AuthEvent.Step.parse(rs.getString("challenge_responses")), rs.getString("ip_address"),
            rs.getString("device_id"), rs.getString("user_agent"), rs.getLong("listing_id"));

    private final JdbcTemplate jdbc;
    private final Clock clock;

    SignInStateQueries(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The pool's sign-in attempts, oldest first: with {@code activeOnly}, those in progress whose session has not
     * expired by the clock's now; otherwise all of them, an unanswered expired one reported as expired.
     */
    public Page<ChallengeState> challenges(String poolId, boolean activeOnly, int size, long after) {
        Instant now = clock.instant();
        RowMapper<ChallengeState> mapper = (rs, row) -> {
            Instant expiresAt = SqlTime.instant(rs, "expires_at");
            return new ChallengeState(rs.getString("session_id"), rs.getString("pool_id"),
                    rs.getString("client_id"), rs.getString("sub"), rs.getString("username"),
                    rs.getString("challenge"), rs.getInt("attempts_left"), expiresAt,
                    ChallengeState.at(ChallengeState.Outcome.valueOf(rs.getString("outcome")), expiresAt, now),
                    SqlTime.instant(rs, "started_at"), SqlTime.instant(rs, "updated_at"),
                    rs.getString("ip_address"), rs.getLong("listing_id"));
        };
        List<ChallengeState> rows = activeOnly
                ? jdbc.query("SELECT " + CHALLENGE_COLUMNS + " FROM sign_in_challenge WHERE pool_id = ? "
                        + "AND outcome = ? AND expires_at > ? AND listing_id > ? ORDER BY listing_id "
                        + "FETCH FIRST ? ROWS ONLY", mapper, poolId, ChallengeState.Outcome.IN_PROGRESS.name(),
                SqlTime.utc(now), after, size + 1)
                : jdbc.query("SELECT " + CHALLENGE_COLUMNS + " FROM sign_in_challenge WHERE pool_id = ? "
                        + "AND listing_id > ? ORDER BY listing_id FETCH FIRST ? ROWS ONLY", mapper, poolId, after,
                size + 1);
        return Page.of(rows, size, ChallengeState::position);
    }

    /**
     * The user's sign-in history, newest first (in the order the event store holds the events). {@code before} is
     * the position the page ends before, 0 for the first page.
     */
    public Page<AuthEvent> authEvents(String poolId, String sub, int size, long before) {
        List<AuthEvent> rows = jdbc.query("SELECT " + AUTH_EVENT_COLUMNS + " FROM auth_event WHERE sub = ? "
                        + "AND pool_id = ? AND listing_id < ? ORDER BY listing_id DESC FETCH FIRST ? ROWS ONLY",
                AUTH_EVENT, sub, poolId, before == 0 ? Long.MAX_VALUE : before, size + 1);
        return Page.of(rows, size, AuthEvent::position);
    }
}
