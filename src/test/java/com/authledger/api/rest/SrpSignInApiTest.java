package com.authledger.api.rest;

import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.TestApi;
import com.authledger.user.password.SrpClient;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.authledger.api.rest.RestFixtures.assertProblem;
import static com.authledger.api.rest.SignInFixtures.auth;
import static com.authledger.api.rest.SignInFixtures.confirmedUser;
import static com.authledger.api.rest.SignInFixtures.tokens;
import static com.authledger.api.rest.UserFixtures.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * USER_SRP_AUTH through the native API, with a client computing what the official JavaScript client computes
 * ({@link SrpClient}, checked against its vectors): the password is proven by PASSWORD_VERIFIER, then the sign-in goes
 * on as a password sign-in does; wrong passwords, unknown names, stale timestamps, reused sessions and bad SRP_A.
 */
@IntegrationTest
class SrpSignInApiTest {

    static final String SRP_FLOWS =
            "[\"ALLOW_USER_SRP_AUTH\",\"ALLOW_USER_PASSWORD_AUTH\",\"ALLOW_REFRESH_TOKEN_AUTH\"]";
    static final String WRONG = "Wrong-Password-1";
    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    com.authledger.infra.TransientRowSweeper sweeper;

    TestApi api;
    EventStoreProbe events;
    String offPool;
    String offClient;

    @BeforeEach
    void setUp() {
        api = TestApi.admin(port);
        events = new EventStoreProbe(jdbc);
        if (offPool == null) {
            offPool = SignInFixtures.pool(api, "Srp off", "OFF");
            offClient = SignInFixtures.client(api, offPool, SRP_FLOWS, 3);
        }
    }

    /** A started USER_SRP_AUTH: where, the client, and the PASSWORD_VERIFIER answer. */
    record Started(String poolId, String clientId, SrpClient client, TestApi.Response response) {
        Map<String, String> parameters() {
            return JSON.convertValue(response.json().path("challengeParameters"), new TypeReference<>() {
            });
        }

        String session() {
            return response.json().path("session").asText();
        }
    }

    Started initiate(String poolId, String clientId, String username) {
        SrpClient client = new SrpClient(poolId);
        TestApi.Response response = initiateWith(poolId, clientId, username, client.srpA());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("challengeName").asText()).isEqualTo("PASSWORD_VERIFIER");
        return new Started(poolId, clientId, client, response);
    }

    TestApi.Response initiateWith(String poolId, String clientId, String username, String srpA) {
        return api.post(auth(poolId) + "/initiate", "{\"clientId\":\"" + clientId + "\",\"authFlow\":"
                + "\"USER_SRP_AUTH\",\"authParameters\":{\"USERNAME\":\"" + username + "\",\"SRP_A\":\"" + srpA
                + "\"},\"context\":{\"ipAddress\":\"203.0.113.9\"}}");
    }

    TestApi.Response respond(String poolId, String clientId, String challenge, String session,
                             Map<String, String> answers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientId", clientId);
        body.put("challengeName", challenge);
        if (session != null) {
            body.put("session", session);
        }
        body.put("challengeResponses", answers);
        try {
            return api.post(auth(poolId) + "/respond", JSON.writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    TestApi.Response verify(Started started, String password, Instant at, boolean withSession) {
        return respond(started.poolId(), started.clientId(), "PASSWORD_VERIFIER",
                withSession ? started.session() : null, started.client().answer(started.parameters(), password, at));
    }

    private Started start(String poolId, String clientId, String username) {
        return initiate(poolId, clientId, username);
    }

    @Test
    void anOffPoolSignsInWithSrpToTokens() throws Exception {
        JsonNode user = confirmedUser(api, offPool, "sara");
        String sub = user.path("sub").asText();

        Started started = start(offPool, offClient, "sara");
        Map<String, String> parameters = started.parameters();
        assertThat(parameters).containsOnlyKeys("SALT", "SRP_B", "SECRET_BLOCK", "USER_ID_FOR_SRP");
        assertThat(parameters.get("USER_ID_FOR_SRP")).isEqualTo(sub);
        assertThat(started.session()).isNotBlank();

        JsonNode result = tokens(verify(started, PASSWORD, clock.instant(), true));
        assertThat(SignInFixtures.claims(result.path("accessToken").asText()).getSubject()).isEqualTo(sub);
        assertThat(SignInFixtures.claims(result.path("idToken").asText()).getStringListClaim("amr"))
                .containsExactly("pwd");
        assertThat(events.recordsContaining(PASSWORD)).isZero();
    }

    @Test
    void srpThenSoftwareTokenMfa() throws Exception {
        String poolId = UserFixtures.totpOnlyPool(api);
        String clientId = SignInFixtures.client(api, poolId, SRP_FLOWS, 3);
        String secret = SignInFixtures.totpUser(api, clock, poolId, "tina");

        Started started = start(poolId, clientId, "tina");
        TestApi.Response challenged = verify(started, PASSWORD, clock.instant(), true);
        String session = SignInFixtures.challenge(challenged, "SOFTWARE_TOKEN_MFA");
        String sub = started.parameters().get("USER_ID_FOR_SRP");
        assertThat(challenged.json().path("challengeParameters").path("USER_ID_FOR_SRP").asText()).isEqualTo(sub);

        JsonNode result = tokens(respond(poolId, clientId, "SOFTWARE_TOKEN_MFA", session,
                Map.of("USERNAME", sub, "SOFTWARE_TOKEN_MFA_CODE", SignInFixtures.totpCode(secret, clock))));
        assertThat(SignInFixtures.claims(result.path("idToken").asText()).getStringListClaim("amr"))
                .containsExactly("pwd", "otp", "mfa");
    }

    @Test
    void aWrongPasswordIsRefusedAsInThePasswordFlowEndsTheSessionAndCountsTowardsTheLockout() {
        confirmedUser(api, offPool, "walt");
        JsonNode byPassword = assertProblem(SignInFixtures.initiate(api, offPool, offClient, "walt", WRONG), 400,
                "NotAuthorized");

        Started started = start(offPool, offClient, "walt");
        JsonNode bySrp = assertProblem(verify(started, WRONG, clock.instant(), true), 400, "NotAuthorized");
        assertThat(bySrp.path("detail").asText()).isEqualTo(byPassword.path("detail").asText())
                .isEqualTo("Incorrect username or password.");
        // the session ended with the wrong answer, even with the right password now
        JsonNode reused = assertProblem(verify(started, PASSWORD, clock.instant(), true), 400, "InvalidSession");
        assertThat(reused.path("detail").asText())
                .isEqualTo("Invalid session for the user, session can only be used once.");

        // one wrong password and four wrong claims: five failures, the lockout of a password sign-in
        for (int i = 0; i < 3; i++) {
            assertProblem(verify(start(offPool, offClient, "walt"), WRONG, clock.instant(), true), 400,
                    "NotAuthorized");
        }
        JsonNode locked = assertProblem(verify(start(offPool, offClient, "walt"), PASSWORD, clock.instant(), true),
                429, "PasswordAttemptsExceeded");
        assertThat(locked.path("detail").asText()).isEqualTo("Password attempts exceeded");
        assertProblem(SignInFixtures.initiate(api, offPool, offClient, "walt", PASSWORD), 429,
                "PasswordAttemptsExceeded");
        clock.advance(Duration.ofSeconds(1));
        tokens(verify(start(offPool, offClient, "walt"), PASSWORD, clock.instant(), true));
    }

    @Test
    void anUnknownNameGetsTheSameChallengeAndTheSameRefusalAndLockout() {
        confirmedUser(api, offPool, "known");
        Started known = start(offPool, offClient, "known");
        Started unknown = start(offPool, offClient, "nobody-here");
        Started unknownAgain = start(offPool, offClient, "Nobody-Here");

        Map<String, String> k = known.parameters();
        Map<String, String> u = unknown.parameters();
        assertThat(u.keySet()).isEqualTo(k.keySet());
        assertThat(u.get("USER_ID_FOR_SRP")).matches(
                "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(u.get("SALT")).matches("[0-9a-f]{30,34}");
        assertThat(u.get("SRP_B")).matches("[0-9a-f]{700,770}");
        assertThat(Base64.getDecoder().decode(u.get("SECRET_BLOCK"))).hasSameSizeAs(
                Base64.getDecoder().decode(k.get("SECRET_BLOCK")));
        assertThat(unknown.session()).hasSameSizeAs(known.session());
        // stable per name (as a user's salt and sub are), fresh B per session
        assertThat(unknownAgain.parameters().get("SALT")).isEqualTo(u.get("SALT"));
        assertThat(unknownAgain.parameters().get("USER_ID_FOR_SRP")).isEqualTo(u.get("USER_ID_FOR_SRP"));
        assertThat(unknownAgain.parameters().get("SRP_B")).isNotEqualTo(u.get("SRP_B"));

        JsonNode wrong = assertProblem(verify(known, WRONG, clock.instant(), true), 400, "NotAuthorized");
        JsonNode refused = assertProblem(verify(unknown, PASSWORD, clock.instant(), true), 400, "NotAuthorized");
        assertThat(refused.path("detail").asText()).isEqualTo(wrong.path("detail").asText());
        assertThat(assertProblem(verify(unknown, PASSWORD, clock.instant(), true), 400, "InvalidSession")
                .path("detail").asText()).isEqualTo("Invalid session for the user, session can only be used once.");

        // the name's count is the one the password flow keeps for it: 1 (SRP) + 3 (password) + 1 (SRP) = 5
        for (int i = 0; i < 3; i++) {
            assertProblem(SignInFixtures.initiate(api, offPool, offClient, "nobody-here", WRONG), 400,
                    "NotAuthorized");
        }
        assertProblem(verify(unknownAgain, PASSWORD, clock.instant(), true), 400, "NotAuthorized");
        assertProblem(verify(start(offPool, offClient, "nobody-here"), PASSWORD, clock.instant(), true), 429,
                "PasswordAttemptsExceeded");
        assertProblem(SignInFixtures.initiate(api, offPool, offClient, "nobody-here", WRONG), 429,
                "PasswordAttemptsExceeded");
    }

    @Test
    void aChallengeStoresNothingAndAnUnknownNameLeavesNoEventAndNoPermanentRow() {
        confirmedUser(api, offPool, "kira");
        long before = events.eventCount();

        Started known = start(offPool, offClient, "kira");
        Started unknown = start(offPool, offClient, "nobody-at-all");
        assertThat(events.eventCount()).as("issuing a challenge appends nothing").isEqualTo(before);
        assertThat(unknown.session()).hasSameSizeAs(known.session());

        assertProblem(verify(unknown, PASSWORD, clock.instant(), true), 400, "NotAuthorized");
        assertProblem(verify(unknown, PASSWORD, clock.instant(), true), 400, "InvalidSession");
        assertThat(events.eventCount()).as("an unknown name's answer appends nothing").isEqualTo(before);
        assertThat(rows("unknown_name_failure")).isPositive();
        assertThat(rows("spent_ticket")).isPositive();

        // a user's answer begins the session: the challenge it was issued, then what the answer decided
        tokens(verify(known, PASSWORD, clock.instant(), true));
        List<String> appended = events.typesAfter(before);
        assertThat(appended.get(0)).endsWith("PasswordVerifierIssued");
        assertThat(appended).anyMatch(type -> type.endsWith("SignInSucceeded"));

        // once the tickets expired and the name's failures stopped counting, the sweep leaves no row behind
        clock.advance(com.authledger.user.Lockout.QUIET_RESET.plus(
                com.authledger.infra.TransientRowSweeper.GRACE).plusSeconds(1));
        sweeper.sweep();
        assertThat(rows("unknown_name_failure")).isZero();
        assertThat(rows("spent_ticket")).isZero();
    }

    private long rows(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    @Test
    void aStaleTimestampIsRefusedAndTheSessionStaysUsable() {
        confirmedUser(api, offPool, "stan");
        Started started = start(offPool, offClient, "stan");

        JsonNode stale = assertProblem(verify(started, PASSWORD, clock.instant().minus(Duration.ofMinutes(6)), true),
                400, "NotAuthorized");
        assertThat(stale.path("detail").asText()).contains("TIMESTAMP");
        assertProblem(verify(started, PASSWORD, clock.instant().plus(Duration.ofMinutes(6)), true), 400,
                "NotAuthorized");

        tokens(verify(started, PASSWORD, clock.instant().minus(Duration.ofMinutes(4)), true));
    }

    @Test
    void theAnswerMayComeWithoutTheSessionItsSecretBlockNamesIt() {
        confirmedUser(api, offPool, "nell");
        Started started = start(offPool, offClient, "nell");

        tokens(verify(started, PASSWORD, clock.instant(), false));
        assertProblem(verify(started, PASSWORD, clock.instant(), false), 400, "InvalidSession");
    }

    @Test
    void theSessionAndTheSecretBlockMustAgreeAndUsernameMustNameTheUser() {
        confirmedUser(api, offPool, "opal");
        confirmedUser(api, offPool, "other");
        Started started = start(offPool, offClient, "opal");
        Started another = start(offPool, offClient, "other");
        long before = events.eventCount();

        assertProblem(respond(offPool, offClient, "PASSWORD_VERIFIER", another.session(),
                started.client().answer(started.parameters(), PASSWORD, clock.instant())), 400, "InvalidSession");
        Map<String, String> otherName = new LinkedHashMap<>(started.client().answer(started.parameters(), PASSWORD,
                clock.instant()));
        otherName.put("USERNAME", "other");
        assertProblem(respond(offPool, offClient, "PASSWORD_VERIFIER", started.session(), otherName), 400,
                "InvalidSession");
        Map<String, String> byName = new LinkedHashMap<>(started.client().answer(started.parameters(), PASSWORD,
                clock.instant()));
        byName.put("USERNAME", "OPAL");
        assertThat(events.eventCount()).isEqualTo(before);

        tokens(respond(offPool, offClient, "PASSWORD_VERIFIER", started.session(), byName));
    }

    @Test
    void aTicketAnswersPasswordVerifierOnlyAndAnotherChallengeNameSpendsNothing() {
        confirmedUser(api, offPool, "tara");
        Started started = start(offPool, offClient, "tara");
        long before = events.eventCount();
        Map<String, String> claim = started.client().answer(started.parameters(), WRONG, clock.instant());

        for (String other : new String[]{"NEW_PASSWORD_REQUIRED", "SOFTWARE_TOKEN_MFA", "SELECT_MFA_TYPE"}) {
            assertProblem(respond(offPool, offClient, other, started.session(), claim), 400, "InvalidSession");
        }
        assertThat(events.eventCount()).isEqualTo(before);
        tokens(verify(started, PASSWORD, clock.instant(), true));
    }

    @Test
    void aReusedSessionIsRefused() {
        confirmedUser(api, offPool, "rita");
        Started started = start(offPool, offClient, "rita");
        tokens(verify(started, PASSWORD, clock.instant(), true));

        JsonNode reused = assertProblem(verify(started, PASSWORD, clock.instant(), true), 400, "InvalidSession");
        assertThat(reused.path("detail").asText())
                .isEqualTo("Invalid session for the user, session can only be used once.");
    }

    @Test
    void aBadSrpAIsRefusedAndRecordsNothing() {
        confirmedUser(api, offPool, "bert");
        long before = events.eventCount();

        for (String bad : new String[]{"0", SrpClient.modulusHex(), "not-hex", "", "f".repeat(2000)}) {
            JsonNode problem = assertProblem(initiateWith(offPool, offClient, "bert", bad), 400, "InvalidParameter");
            assertThat(problem.path("detail").asText()).as(bad).contains("SRP_A");
        }
        assertProblem(initiateWith(offPool, offClient, "nobody-at-all", "0"), 400, "InvalidParameter");
        assertProblem(api.post(auth(offPool) + "/initiate", "{\"clientId\":\"" + offClient + "\",\"authFlow\":"
                + "\"USER_SRP_AUTH\",\"authParameters\":{\"USERNAME\":\"bert\"}}"), 400, "InvalidParameter");

        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void aClientWithoutTheSrpFlowIsRefused() {
        String clientId = SignInFixtures.client(api, offPool);
        long before = events.eventCount();
        assertProblem(initiateWith(offPool, clientId, "anyone", new SrpClient(offPool).srpA()), 400,
                "AuthFlowNotEnabled");
        assertThat(events.eventCount()).isEqualTo(before);
    }

    /**
     * An unknown name's challenge and refusal run the same SRP arithmetic as a user's (the verifier is derived, b is
     * derived, the claim is checked); end to end each median is at least a third of a user's, the loose bound of
     * {@code SignInBadInputTest}. The clock moves 16 minutes between attempts, so no lockout shortens either path.
     */
    @Test
    void anUnknownNameTakesAboutAsLongAsAWrongPassword() {
        confirmedUser(api, offPool, "timo");
        for (int i = 0; i < 3; i++) {
            verify(start(offPool, offClient, "timo"), WRONG, clock.instant(), true);
            verify(start(offPool, offClient, "ghost-" + i), WRONG, clock.instant(), true);
        }
        List<Long> userChallenge = new ArrayList<>();
        List<Long> unknownChallenge = new ArrayList<>();
        List<Long> userRefusal = new ArrayList<>();
        List<Long> unknownRefusal = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            clock.advance(Duration.ofMinutes(16));
            Started[] started = new Started[2];
            userChallenge.add(timed(() -> started[0] = start(offPool, offClient, "timo")));
            unknownChallenge.add(timed(() -> started[1] = start(offPool, offClient, "ghost")));
            Map<String, String> userAnswer = started[0].client().answer(started[0].parameters(), WRONG,
                    clock.instant());
            Map<String, String> unknownAnswer = started[1].client().answer(started[1].parameters(), WRONG,
                    clock.instant());
            userRefusal.add(timed(() -> assertProblem(respond(offPool, offClient, "PASSWORD_VERIFIER",
                    started[0].session(), userAnswer), 400, "NotAuthorized")));
            unknownRefusal.add(timed(() -> assertProblem(respond(offPool, offClient, "PASSWORD_VERIFIER",
                    started[1].session(), unknownAnswer), 400, "NotAuthorized")));
        }
        assertThat(median(unknownChallenge)).as("challenge: unknown %s vs user %s", unknownChallenge, userChallenge)
                .isGreaterThanOrEqualTo(median(userChallenge) / 3);
        assertThat(median(unknownRefusal)).as("refusal: unknown %s vs user %s", unknownRefusal, userRefusal)
                .isGreaterThanOrEqualTo(median(userRefusal) / 3);
    }

    private static long timed(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return System.nanoTime() - start;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
