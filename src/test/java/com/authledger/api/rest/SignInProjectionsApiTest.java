package com.authledger.api.rest;

import com.authledger.signin.read.SignInStateProjection;
import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.ProjectionsCaughtUp;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.authledger.api.rest.RestFixtures.assertProblem;
import static com.authledger.api.rest.SignInFixtures.challenge;
import static com.authledger.api.rest.SignInFixtures.confirmedUser;
import static com.authledger.api.rest.SignInFixtures.initiate;
import static com.authledger.api.rest.SignInFixtures.respond;
import static com.authledger.api.rest.SignInFixtures.tokens;
import static com.authledger.api.rest.SignInFixtures.totpCode;
import static com.authledger.api.rest.SignInFixtures.totpUser;
import static com.authledger.api.rest.SignInFixtures.wrongTotpCode;
import static com.authledger.api.rest.UserFixtures.PASSWORD;
import static com.authledger.api.rest.UserFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in projections through their endpoints: a pool's sign-in attempts and their challenges
 * ({@code GET .../challenges}) and a user's sign-in history ({@code GET .../users/{username}/auth-events}).
 */
@IntegrationTest
class SignInProjectionsApiTest {

    private static final String SOFTWARE_TOKEN_MFA = "SOFTWARE_TOKEN_MFA";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    EventStore eventStore;

    TestApi api;
    TestApi auditor;
    EventStoreProbe events;

    @BeforeEach
    void setUp() {
        api = TestApi.admin(port);
        auditor = TestApi.auditor(port);
        events = new EventStoreProbe(jdbc);
    }

    @Test
    void aSuccessfulMfaSignInIsOneAttemptWithAPasswordAndAnMfaStep() {
        String poolId = UserFixtures.totpOnlyPool(api);
        String clientId = SignInFixtures.client(api, poolId);
        String secret = totpUser(api, clock, poolId, "mia");
        String sub = api.get(user(poolId, "mia")).json().path("sub").asText();

        String session = challenge(initiate(api, poolId, clientId, "mia", PASSWORD), SOFTWARE_TOKEN_MFA);
        Instant started = clock.instant();
        caughtUp();
        JsonNode active = only(challenges(poolId, "active"));
        assertThat(active.path("sessionId").asText()).isEqualTo(sessionId(session));
        assertThat(active.path("outcome").asText()).isEqualTo("IN_PROGRESS");
        assertThat(active.path("challengeName").asText()).isEqualTo(SOFTWARE_TOKEN_MFA);
        assertThat(active.path("attemptsLeft").asInt()).isEqualTo(3);
        assertThat(Instant.parse(active.path("expiresAt").asText())).isEqualTo(started.plus(Duration.ofMinutes(3)));
        assertThat(active.path("username").asText()).isEqualTo("mia");
        assertThat(active.path("sub").asText()).isEqualTo(sub);
        assertThat(active.path("clientId").asText()).isEqualTo(clientId);
        assertThat(active.path("ipAddress").asText()).isEqualTo("203.0.113.7");
        assertThat(authEvents(poolId, "mia").path("authEvents").get(0).path("eventResponse").asText())
                .isEqualTo("InProgress");

        clock.advance(Duration.ofSeconds(30));
        tokens(respond(api, poolId, clientId, SOFTWARE_TOKEN_MFA, session,
                "{\"SOFTWARE_TOKEN_MFA_CODE\":\"" + totpCode(secret, clock) + "\"}"));
        caughtUp();

        assertThat(challenges(poolId, "active").path("items")).isEmpty();
        TestApi.Response all = api.get(challengesPath(poolId) + "?status=all");
        JsonNode attempt = only(all.json());
        assertThat(attempt.path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(attempt.path("challengeName").asText()).isEqualTo(SOFTWARE_TOKEN_MFA);
        assertThat(attempt.path("startedAt").asText()).isEqualTo(started.toString());
        assertThat(attempt.path("updatedAt").asText()).isEqualTo(clock.instant().toString());

        TestApi.Response history = api.get(user(poolId, "mia") + "/auth-events");
        JsonNode event = history.json().path("authEvents").get(0);
        assertThat(history.json().path("authEvents")).hasSize(1);
        assertThat(history.json().has("nextToken")).isFalse();
        assertThat(event.path("eventId").asText()).isEqualTo(sessionId(session));
        assertThat(event.path("eventType").asText()).isEqualTo("SignIn");
        assertThat(event.path("eventResponse").asText()).isEqualTo("Pass");
        assertThat(event.path("creationDate").asText()).isEqualTo(started.toString());
        assertThat(steps(event)).containsExactly("Password:Success", "Mfa:Success");
        assertThat(event.path("eventContextData").path("ipAddress").asText()).isEqualTo("203.0.113.7");
        assertThat(event.path("eventContextData").path("deviceId").asText()).isEqualTo("laptop-1");
        assertThat(event.path("eventContextData").path("userAgent").asText()).isEqualTo("test-agent");

        // the session string's secret half, and any hash or MAC, stay out of both answers
        String sessionSecret = session.substring(session.indexOf('.') + 1);
        for (TestApi.Response read : List.of(all, history)) {
            assertThat(read.body()).doesNotContain(sessionSecret).doesNotContain(session)
                    .doesNotContainIgnoringCase("hash").doesNotContainIgnoringCase("mac\"");
        }
    }

    @Test
    void aRecoveryCodeIsAnMfaStepAndAWrongOneAFailure() {
        String poolId = UserFixtures.totpOnlyPool(api);
        String clientId = SignInFixtures.client(api, poolId);
        String secret = totpUser(api, clock, poolId, "ray");
        TestApi.Response generated = api.post(user(poolId, "ray") + "/recovery-codes", null);
        assertThat(generated.status()).as(generated.toString()).isEqualTo(201);
        String recoveryCode = generated.json().path("recoveryCodes").get(0).asText();

        String session = challenge(initiate(api, poolId, clientId, "ray", PASSWORD), SOFTWARE_TOKEN_MFA);
        assertProblem(respond(api, poolId, clientId, SOFTWARE_TOKEN_MFA, session,
                "{\"SOFTWARE_TOKEN_MFA_CODE\":\"" + wrongTotpCode(secret, clock) + "\"}"), 400, "CodeMismatch");
        tokens(respond(api, poolId, clientId, SOFTWARE_TOKEN_MFA, session,
                "{\"SOFTWARE_TOKEN_MFA_CODE\":\"" + recoveryCode + "\"}"));
        caughtUp();

        JsonNode event = only(authEvents(poolId, "ray"), "authEvents");
        assertThat(event.path("eventResponse").asText()).isEqualTo("Pass");
        assertThat(steps(event)).containsExactly("Password:Success", "Mfa:Failure", "Mfa:Success");
        JsonNode attempt = only(challenges(poolId, "all"));
        assertThat(attempt.path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(attempt.path("attemptsLeft").asInt()).isEqualTo(2);
        assertThat(api.get(user(poolId, "ray") + "/auth-events").body()).doesNotContain(recoveryCode);
    }

    @Test
    void aWrongPasswordIsAFailedSignInOfItsOwnAndStartsNoAttempt() {
        String poolId = RestFixtures.createPool(api, RestFixtures.pool("Off", "OFF"));
        String clientId = SignInFixtures.client(api, poolId);
        confirmedUser(api, poolId, "walt");

        assertProblem(initiate(api, poolId, clientId, "walt", "Wrong-Password-1", "198.51.100.4"), 400,
                "NotAuthorized");
        caughtUp();

        JsonNode event = only(authEvents(poolId, "walt"), "authEvents");
        assertThat(event.path("eventResponse").asText()).isEqualTo("Fail");
        assertThat(steps(event)).containsExactly("Password:Failure");
        assertThat(event.path("eventId").asText()).hasSize(36); // the event's own id: no session was started
        assertThat(event.path("eventContextData").path("ipAddress").asText()).isEqualTo("198.51.100.4");
        assertThat(event.path("eventContextData").path("deviceId").asText()).isEqualTo("laptop-1");
        assertThat(jdbc.queryForObject("SELECT username FROM auth_event WHERE event_id = ?", String.class,
                event.path("eventId").asText())).isEqualTo("walt");
        assertThat(challenges(poolId, "all").path("items")).isEmpty();
    }

    @Test
    void threeWrongCodesEndTheAttemptAndEachIsAnMfaFailure() {
        String poolId = UserFixtures.totpOnlyPool(api);
        String clientId = SignInFixtures.client(api, poolId);
        String secret = totpUser(api, clock, poolId, "rex");
        String session = challenge(initiate(api, poolId, clientId, "rex", PASSWORD), SOFTWARE_TOKEN_MFA);
        String wrong = "{\"SOFTWARE_TOKEN_MFA_CODE\":\"" + wrongTotpCode(secret, clock) + "\"}";

        assertProblem(respond(api, poolId, clientId, SOFTWARE_TOKEN_MFA, session, wrong), 400, "CodeMismatch");
        caughtUp();
        JsonNode afterOne = only(challenges(poolId, "active"));
        assertThat(afterOne.path("attemptsLeft").asInt()).isEqualTo(2);
        assertThat(afterOne.path("outcome").asText()).isEqualTo("IN_PROGRESS");

        assertProblem(respond(api, poolId, clientId, SOFTWARE_TOKEN_MFA, session, wrong), 400, "CodeMismatch");
        assertProblem(respond(api, poolId, clientId, SOFTWARE_TOKEN_MFA, session, wrong), 400, "CodeMismatch");
        caughtUp();

        assertThat(challenges(poolId, "active").path("items")).isEmpty();
        JsonNode attempt = only(challenges(poolId, "all"));
        assertThat(attempt.path("outcome").asText()).isEqualTo("FAILED");
        assertThat(attempt.path("attemptsLeft").asInt()).isZero();
        JsonNode event = only(authEvents(poolId, "rex"), "authEvents");
        assertThat(event.path("eventResponse").asText()).isEqualTo("Fail");
        assertThat(steps(event)).containsExactly("Password:Success", "Mfa:Failure", "Mfa:Failure", "Mfa:Failure");
    }

    @Test
    void aSessionAnsweredAfterItsExpiryIsExpired() {
        String poolId = UserFixtures.totpOnlyPool(api);
        String clientId = SignInFixtures.client(api, poolId);
        String secret = totpUser(api, clock, poolId, "eve");
        String session = challenge(initiate(api, poolId, clientId, "eve", PASSWORD), SOFTWARE_TOKEN_MFA);

        clock.advance(Duration.ofMinutes(3).plusSeconds(1));
        assertProblem(respond(api, poolId, clientId, SOFTWARE_TOKEN_MFA, session,
                "{\"SOFTWARE_TOKEN_MFA_CODE\":\"" + totpCode(secret, clock) + "\"}"), 400, "SessionExpired");
        caughtUp();

        JsonNode attempt = only(challenges(poolId, "all"));
        assertThat(attempt.path("outcome").asText()).isEqualTo("EXPIRED");
        assertThat(jdbc.queryForObject("SELECT outcome FROM sign_in_challenge WHERE session_id = ?", String.class,
                sessionId(session))).isEqualTo("EXPIRED");
        JsonNode event = only(authEvents(poolId, "eve"), "authEvents");
        assertThat(event.path("eventResponse").asText()).isEqualTo("Fail");
        assertThat(steps(event)).containsExactly("Password:Success");
    }

    @Test
    void activeChallengesAreThoseInProgressBeforeTheirExpiry() {
        String poolId = UserFixtures.totpOnlyPool(api);
        String otherPool = UserFixtures.totpOnlyPool(api);
        String clientId = SignInFixtures.client(api, poolId);
        String otherClient = SignInFixtures.client(api, otherPool);
        for (String name : List.of("ann", "bob", "cat")) {
            totpUser(api, clock, poolId, name);
        }
        totpUser(api, clock, otherPool, "oz");
        String abandoned = sessionId(challenge(initiate(api, poolId, clientId, "ann", PASSWORD),
                SOFTWARE_TOKEN_MFA));
        clock.advance(Duration.ofMinutes(2));
        String waiting = sessionId(challenge(initiate(api, poolId, clientId, "bob", PASSWORD), SOFTWARE_TOKEN_MFA));
        clock.advance(Duration.ofMinutes(1).plusSeconds(1)); // ann's session has just expired, bob's has not
        String fresh = sessionId(challenge(initiate(api, poolId, clientId, "cat", PASSWORD), SOFTWARE_TOKEN_MFA));
        challenge(initiate(api, otherPool, otherClient, "oz", PASSWORD), SOFTWARE_TOKEN_MFA);
        caughtUp();

        assertThat(sessionIds(challenges(poolId, "active"))).containsExactly(waiting, fresh);
        assertThat(sessionIds(challenges(poolId, null))).containsExactly(waiting, fresh);
        JsonNode all = challenges(poolId, "all");
        assertThat(sessionIds(all)).containsExactly(abandoned, waiting, fresh);
        assertThat(all.path("items").get(0).path("outcome").asText()).isEqualTo("EXPIRED");
        // stored as in progress: no event says it expired, the reader's clock does
        assertThat(jdbc.queryForObject("SELECT outcome FROM sign_in_challenge WHERE session_id = ?", String.class,
                abandoned)).isEqualTo("IN_PROGRESS");

        clock.advance(Duration.ofMinutes(2));
        assertThat(sessionIds(challenges(poolId, "active"))).containsExactly(fresh);

        // paged like the other listings, and readable by auditors
        TestApi.Response first = auditor.get(challengesPath(poolId) + "?status=all&pageSize=2");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(sessionIds(first.json())).containsExactly(abandoned, waiting);
        TestApi.Response second = auditor.get(challengesPath(poolId) + "?status=all&pageSize=2&pageToken="
                + first.json().path("nextPageToken").asText());
        assertThat(sessionIds(second.json())).containsExactly(fresh);
        assertThat(second.json().has("nextPageToken")).isFalse();

        long before = events.eventCount();
        assertThat(assertProblem(api.get(challengesPath(poolId) + "?status=finished"), 400, "InvalidParameter")
                .path("detail").asText()).contains("status").contains("active").contains("all");
        assertProblem(api.get(challengesPath(poolId) + "?pageSize=0"), 400, "InvalidParameter");
        assertProblem(api.get(challengesPath(poolId) + "?pageToken=nonsense"), 400, "InvalidParameter");
        assertProblem(api.get(challengesPath("us-east-1_Nowhere12")), 404, "PoolNotFound");
        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void authEventsAreNewestFirstPagedByMaxResultsAndReadableByAuditors() {
        String poolId = RestFixtures.createPool(api, RestFixtures.pool("Off", "OFF"));
        String clientId = SignInFixtures.client(api, poolId);
        confirmedUser(api, poolId, "nia");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(1));
            assertProblem(initiate(api, poolId, clientId, "nia", "Wrong-Password-1"), 400, "NotAuthorized");
            expected.add(0, "Fail");
            clock.advance(Duration.ofSeconds(1));
            tokens(initiate(api, poolId, clientId, "nia", PASSWORD));
            expected.add(0, "Pass");
        }
        caughtUp();

        JsonNode all = authEvents(poolId, "nia");
        List<String> responses = new ArrayList<>();
        List<Instant> dates = new ArrayList<>();
        all.path("authEvents").forEach(event -> {
            responses.add(event.path("eventResponse").asText());
            dates.add(Instant.parse(event.path("creationDate").asText()));
        });
        assertThat(responses).containsExactlyElementsOf(expected);
        assertThat(dates).isSortedAccordingTo(java.util.Comparator.reverseOrder()).doesNotHaveDuplicates();
        assertThat(steps(all.path("authEvents").get(0))).containsExactly("Password:Success");

        // maxResults pages; 0 means 60, as Cognito's; the pages together are the whole history, in order
        List<String> paged = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            TestApi.Response page = auditor.get(user(poolId, "nia") + "/auth-events?maxResults=3"
                    + (token == null ? "" : "&nextToken=" + token));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.json().path("authEvents").size()).isLessThanOrEqualTo(3);
            page.json().path("authEvents").forEach(event -> paged.add(event.path("eventId").asText()));
            token = page.json().has("nextToken") ? page.json().path("nextToken").asText() : null;
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(paged).containsExactlyElementsOf(eventIds(all));
        assertThat(eventIds(api.get(user(poolId, "nia") + "/auth-events?maxResults=0").json()))
                .containsExactlyElementsOf(eventIds(all));
        assertThat(eventIds(api.get(user(poolId, "nia") + "/auth-events?maxResults=1").json()))
                .containsExactly(eventIds(all).get(0));
        // the user may be named by its sub too
        String sub = api.get(user(poolId, "nia")).json().path("sub").asText();
        assertThat(eventIds(api.get(user(poolId, sub) + "/auth-events").json()))
                .containsExactlyElementsOf(eventIds(all));

        long before = events.eventCount();
        for (String bad : List.of("maxResults=61", "maxResults=-1")) {
            assertThat(assertProblem(api.get(user(poolId, "nia") + "/auth-events?" + bad), 400, "InvalidParameter")
                    .path("detail").asText()).startsWith("maxResults").contains("0 and 60");
        }
        assertThat(assertProblem(api.get(user(poolId, "nia") + "/auth-events?maxResults=ten"), 400,
                "InvalidParameter").path("detail").asText()).contains("maxResults").contains("whole number");
        assertThat(assertProblem(api.get(user(poolId, "nia") + "/auth-events?nextToken=p!x"), 400,
                "InvalidParameter").path("detail").asText()).startsWith("nextToken");
        assertProblem(api.get(user(poolId, "nobody") + "/auth-events"), 404, "UserNotFound");
        assertProblem(auditor.get(user(poolId, "nobody") + "/auth-events"), 404, "UserNotFound");
        assertProblem(api.get(user("us-east-1_Nowhere12", "nia") + "/auth-events"), 404, "PoolNotFound");
        assertThat(events.eventCount()).isEqualTo(before);
        // auditors read the sign-in history, not the user itself, and change nothing
        assertProblem(auditor.get(user(poolId, "nia")), 403, "Forbidden");
    }

    @Test
    void aDeletedUsersSignInRecordsGoWithIt() {
        String poolId = RestFixtures.createPool(api, RestFixtures.pool("Off", "OFF"));
        String clientId = SignInFixtures.client(api, poolId);
        confirmedUser(api, poolId, "gus");
        tokens(initiate(api, poolId, clientId, "gus", PASSWORD));
        assertProblem(initiate(api, poolId, clientId, "gus", "Wrong-Password-1"), 400, "NotAuthorized");
        String sub = api.get(user(poolId, "gus")).json().path("sub").asText();
        caughtUp();
        assertThat(authEvents(poolId, "gus").path("authEvents")).hasSize(2);

        assertThat(api.send("DELETE", user(poolId, "gus"), null, null).status()).isEqualTo(204);
        caughtUp();

        assertProblem(api.get(user(poolId, "gus") + "/auth-events"), 404, "UserNotFound");
        for (String table : List.of("auth_event", "sign_in_challenge", "sign_in_user")) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE sub = ?", Long.class, sub))
                    .as(table).isZero();
        }
    }

    // ---- helpers

    private void caughtUp() {
        ProjectionsCaughtUp.await(processing, eventStore, SignInStateProjection.PROCESSING_GROUP);
    }

    private static String challengesPath(String poolId) {
        return RestFixtures.POOLS + "/" + poolId + "/challenges";
    }

    private JsonNode challenges(String poolId, String status) {
        TestApi.Response response = api.get(challengesPath(poolId) + (status == null ? "" : "?status=" + status));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private JsonNode authEvents(String poolId, String username) {
        TestApi.Response response = api.get(user(poolId, username) + "/auth-events");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode only(JsonNode page) {
        return only(page, "items");
    }

    private static JsonNode only(JsonNode page, String field) {
        assertThat(page.path(field)).as(page.toString()).hasSize(1);
        return page.path(field).get(0);
    }

    private static String sessionId(String session) {
        return session.substring(0, session.indexOf('.'));
    }

    private static List<String> sessionIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("sessionId").asText()));
        return ids;
    }

    private static List<String> eventIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("authEvents").forEach(event -> ids.add(event.path("eventId").asText()));
        return ids;
    }

    private static List<String> steps(JsonNode event) {
        List<String> steps = new ArrayList<>();
        event.path("challengeResponses").forEach(step -> steps.add(step.path("challengeName").asText() + ":"
                + step.path("challengeResponse").asText()));
        return steps;
    }
}
