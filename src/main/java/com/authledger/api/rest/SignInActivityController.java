package com.authledger.api.rest;

import com.authledger.api.UserAdministration;
import com.authledger.api.rest.PoolResponses.PageResponse;
import com.authledger.shared.InvalidInput;
import com.authledger.shared.Page;
import com.authledger.signin.read.AuthEvent;
import com.authledger.signin.read.ChallengeState;
import com.authledger.signin.read.SignInStateQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/**
 * What sign-in looks like from the outside: a pool's attempts and their challenges, and a user's sign-in history
 * (Cognito's AdminListUserAuthEvents). Read from the sign-in-state projection, a few milliseconds behind the event
 * store; admin and auditor keys. Never shows a session string, a hash of one or a code MAC.
 */
@RestController
@RequestMapping(path = "/api/v1/pools/{poolId}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Sign-in activity")
class SignInActivityController {

    /** Cognito's MaxResults for AdminListUserAuthEvents: 0 to 60, where 0 (or none) means 60. */
    static final int MAX_AUTH_EVENTS = UserAdministration.MAX_AUTH_EVENTS;
    static final String ACTIVE = "active";
    static final String ALL = "all";

    private final SignInStateQueries queries;
    private final UserAdministration users;

    SignInActivityController(SignInStateQueries queries, UserAdministration users) {
        this.queries = queries;
        this.users = users;
    }

    record ChallengeResponse(String sessionId, String clientId, String sub, String username, String challengeName,
                             int attemptsLeft, Instant expiresAt, ChallengeState.Outcome outcome, Instant startedAt,
                             Instant updatedAt, String ipAddress) {

        static ChallengeResponse of(ChallengeState state) {
            return new ChallengeResponse(state.sessionId(), state.clientId(), state.sub(), state.username(),
                    state.challenge(), state.attemptsLeft(), state.expiresAt(), state.outcome(), state.startedAt(),
                    state.updatedAt(), state.ipAddress());
        }
    }

    record EventContextData(String ipAddress, String deviceId, String userAgent) {
    }

    record AuthEventResponse(String eventId, String eventType, Instant creationDate,
                             AuthEvent.Response eventResponse, List<AuthEvent.ChallengeResponse> challengeResponses,
                             EventContextData eventContextData) {

        static AuthEventResponse of(AuthEvent event) {
            return new AuthEventResponse(event.eventId(), event.eventType(), event.creationDate(),
                    event.eventResponse(), event.challengeResponses(),
                    new EventContextData(event.ipAddress(), event.deviceId(), event.userAgent()));
        }
    }

    record AuthEventsResponse(List<AuthEventResponse> authEvents, String nextToken) {
    }

    @Operation(summary = "The pool's sign-in attempts and their challenges: status=active (the default: in progress, "
            + "session not expired) or status=all, oldest first")
    @GetMapping("/challenges")
    PageResponse<ChallengeResponse> challenges(@PathVariable String poolId,
                                               @RequestParam(required = false) String status,
                                               @RequestParam(required = false) Integer pageSize,
                                               @RequestParam(required = false) String pageToken) {
        boolean activeOnly = activeOnly(status);
        int size = Page.size(pageSize);
        long after = Page.after(pageToken);
        requirePool(poolId);
        Page<ChallengeState> page = queries.challenges(poolId, activeOnly, size, after);
        return new PageResponse<>(page.items().stream().map(ChallengeResponse::of).toList(), page.nextPageToken());
    }

    @Operation(summary = "A user's sign-in history, newest first (AdminListUserAuthEvents): maxResults 0-60, 0 or "
            + "none meaning 60")
    @GetMapping("/users/{username}/auth-events")
    AuthEventsResponse authEvents(@PathVariable String poolId, @PathVariable String username,
                                  @RequestParam(required = false) Integer maxResults,
                                  @RequestParam(required = false) String nextToken) {
        maxResults(maxResults);
        Page.after("nextToken", nextToken);
        Page<AuthEvent> page = users.authEvents(users.resolve(poolId, username), maxResults, nextToken);
        return new AuthEventsResponse(page.items().stream().map(AuthEventResponse::of).toList(),
                page.nextPageToken());
    }

    static boolean activeOnly(String status) {
        if (status == null || status.equals(ACTIVE)) {
            return true;
        }
        if (status.equals(ALL)) {
            return false;
        }
        throw new InvalidInput("status", "must be " + ACTIVE + " or " + ALL);
    }

    static int maxResults(Integer requested) {
        return UserAdministration.authEventsPageSize(requested);
    }

    private void requirePool(String poolId) {
        users.requirePool(poolId);
    }
}
