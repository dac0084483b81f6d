package com.authledger.api.rest;

import com.authledger.signin.SessionSecrets;
import com.authledger.signin.api.ChallengeName;
import com.authledger.signin.api.SignInEvent.ChallengeIssued;
import com.authledger.signin.api.SignInEvent.SignInStarted;
import com.authledger.signin.read.SignInStateProjection;
import com.authledger.support.EventStoreProbe;
import com.authledger.support.ProjectionsCaughtUp;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
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
import static com.authledger.api.rest.SignInFixtures.PASSWORD_FLOWS;
import static com.authledger.api.rest.SignInFixtures.associate;
import static com.authledger.api.rest.SignInFixtures.challenge;
import static com.authledger.api.rest.SignInFixtures.confirmedUser;
import static com.authledger.api.rest.SignInFixtures.enrolTotp;
import static com.authledger.api.rest.SignInFixtures.initiate;
import static com.authledger.api.rest.SignInFixtures.refresh;
import static com.authledger.api.rest.SignInFixtures.respond;
import static com.authledger.api.rest.SignInFixtures.tokens;
import static com.authledger.api.rest.SignInFixtures.totpAnswer;
import static com.authledger.api.rest.SignInFixtures.totpCode;
import static com.authledger.api.rest.SignInFixtures.verifyInSession;
import static com.authledger.api.rest.UserFixtures.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of the session string that carries a sign-in from one challenge to the next: single use, three wrong
 * answers, expiry (3 minutes by default, the client's setting otherwise), bound to its client, refused when
 * tampered with, and never stored.
 */
@IntegrationTest
class SignInSessionRulesTest {

    private static final String USED_ONCE = "Invalid session for the user, session can only be used once.";
    private static final String EXPIRED = "Invalid session for the user, session is expired.";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    EventStore eventStore;

    @Autowired
    EventProcessingConfiguration processing;

    TestApi api;
    EventStoreProbe events;

    @BeforeEach
    void setUp() {
        api = TestApi.admin(port);
        events = new EventStoreProbe(jdbc);
    }

    /** A TOTP-only pool, its default client (3-minute sessions) and a user with an authenticator. */
    private record Setup(String poolId, String clientId, String secret) {
    }

    private Setup totpUser(String username) {
        String poolId = UserFixtures.totpOnlyPool(api);
        String clientId = SignInFixtures.client(api, poolId);
        confirmedUser(api, poolId, username);
        return new Setup(poolId, clientId, enrolTotp(api, clock, poolId, username));
    }

    private String start(Setup s, String username) {
        return challenge(initiate(api, s.poolId(), s.clientId(), username, PASSWORD), "SOFTWARE_TOKEN_MFA");
    }

    private TestApi.Response answer(Setup s, String session, String code) {
        return respond(api, s.poolId(), s.clientId(), "SOFTWARE_TOKEN_MFA", session, totpAnswer(code));
    }

    @Test
    void aRightAnswerConsumesTheSessionAndEachStepHasItsOwn() {
        String poolId = RestFixtures.createPool(api, RestFixtures.pool("Steps", "REQUIRED", RestFixtures.TOTP_ON));
        String clientId = SignInFixtures.client(api, poolId);
        confirmedUser(api, poolId, "step");
        String setUp = challenge(initiate(api, poolId, clientId, "step", PASSWORD), "MFA_SETUP");
        TestApi.Response associated = associate(api, poolId, setUp);
        String secret = associated.json().path("secretCode").asText();
        String next = associated.json().path("session").asText();

        // the session of a step that was answered serves no more, at any endpoint
        long before = events.eventCount();
        JsonNode used = assertProblem(associate(api, poolId, setUp), 400, "InvalidSession");
        assertThat(used.path("detail").asText()).isEqualTo(USED_ONCE);
        assertProblem(verifyInSession(api, poolId, setUp, totpCode(clock, secret)), 400, "InvalidSession");
        assertProblem(respond(api, poolId, clientId, "MFA_SETUP", setUp, "{}"), 400, "InvalidSession");
        assertThat(events.eventCount()).isEqualTo(before);

        String last = verifyInSession(api, poolId, next, totpCode(clock, secret)).json().path("session").asText();
        tokens(respond(api, poolId, clientId, "MFA_SETUP", last, "{}"));
        JsonNode spent = assertProblem(respond(api, poolId, clientId, "MFA_SETUP", last, "{}"), 400,
                "InvalidSession");
        assertThat(spent.path("detail").asText()).isEqualTo(USED_ONCE);
    }

    @Test
    void threeWrongCodesWhileEnrollingInTheFlowConsumeTheSession() {
        String poolId = RestFixtures.createPool(api, RestFixtures.pool("Enrol", "REQUIRED", RestFixtures.TOTP_ON));
        String clientId = SignInFixtures.client(api, poolId);
        confirmedUser(api, poolId, "enrol");
        String setUp = challenge(initiate(api, poolId, clientId, "enrol", PASSWORD), "MFA_SETUP");
        TestApi.Response associated = associate(api, poolId, setUp);
        String secret = associated.json().path("secretCode").asText();
        String session = associated.json().path("session").asText();
        String wrong = UserFixtures.wrong(totpCode(clock, secret));

        for (int i = 0; i < 3; i++) {
            assertProblem(verifyInSession(api, poolId, session, wrong), 400, "CodeMismatch");
        }
        JsonNode consumed = assertProblem(verifyInSession(api, poolId, session, totpCode(clock, secret)), 400,
                "InvalidSession");
        assertThat(consumed.path("detail").asText()).isEqualTo(USED_ONCE);
    }

    @Test
    void aSuccessfulMfaAnswerCannotBeRepeated() {
        Setup s = totpUser("once");
        String session = start(s, "once");
        tokens(answer(s, session, totpCode(clock, s.secret())));
        clock.advance(Duration.ofSeconds(30));

        long before = events.eventCount();
        JsonNode used = assertProblem(answer(s, session, totpCode(clock, s.secret())), 400, "InvalidSession");
        assertThat(used.path("detail").asText()).isEqualTo(USED_ONCE);
        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void twoWrongAnswersLeaveTheSessionUsable() {
        Setup s = totpUser("twice");
        String session = start(s, "twice");
        String right = totpCode(clock, s.secret());

        assertProblem(answer(s, session, UserFixtures.wrong(right)), 400, "CodeMismatch");
        assertProblem(answer(s, session, UserFixtures.wrong(right)), 400, "CodeMismatch");
        tokens(answer(s, session, right));
    }

    @Test
    void theThirdWrongAnswerConsumesTheSession() {
        Setup s = totpUser("thrice");
        String session = start(s, "thrice");
        String right = totpCode(clock, s.secret());

        for (int i = 0; i < 3; i++) {
            assertProblem(answer(s, session, UserFixtures.wrong(right)), 400, "CodeMismatch");
        }
        long before = events.eventCount();
        JsonNode consumed = assertProblem(answer(s, session, right), 400, "InvalidSession");
        assertThat(consumed.path("detail").asText()).isEqualTo(USED_ONCE);
        assertThat(events.eventCount()).isEqualTo(before);
        // the user is not locked out by three failures: a new sign-in succeeds
        tokens(answer(s, start(s, "thrice"), right));
    }

    @Test
    void aSessionLastsThreeMinutesByDefault() {
        Setup s = totpUser("clocked");
        String early = start(s, "clocked");
        clock.advance(Duration.ofMinutes(3).minusSeconds(1));
        tokens(answer(s, early, totpCode(clock, s.secret())));

        clock.advance(Duration.ofSeconds(30));
        String late = start(s, "clocked");
        clock.advance(Duration.ofMinutes(3));
        JsonNode expired = assertProblem(answer(s, late, totpCode(clock, s.secret())), 400, "SessionExpired");
        assertThat(expired.path("detail").asText()).isEqualTo(EXPIRED);
        JsonNode again = assertProblem(answer(s, late, totpCode(clock, s.secret())), 400, "SessionExpired");
        assertThat(again.path("detail").asText()).as("an expired session stays expired").isEqualTo(EXPIRED);
    }

    @Test
    void aClientsSessionValidityReplacesTheDefault() {
        Setup s = totpUser("patient");
        String clientId = SignInFixtures.client(api, s.poolId(), PASSWORD_FLOWS, 10);
        Setup ten = new Setup(s.poolId(), clientId, s.secret());

        String early = start(ten, "patient");
        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        tokens(answer(ten, early, totpCode(clock, s.secret())));

        clock.advance(Duration.ofSeconds(30));
        String late = start(ten, "patient");
        clock.advance(Duration.ofMinutes(10));
        JsonNode expired = assertProblem(answer(ten, late, totpCode(clock, s.secret())), 400, "SessionExpired");
        assertThat(expired.path("detail").asText()).isEqualTo(EXPIRED);
    }

    /**
     * Sessions are event-sourced and not cached: every answer loads the session from the store, where the expiry is
     * part of the recorded challenge, so a restarted node (or another node) applies the same expiry.
     */
    @Test
    void theExpiryIsRecordedWithTheChallengeSoEveryLoadAppliesIt() {
        Setup s = totpUser("durable");
        Instant issuedAt = clock.instant();
        String first = start(s, "durable");
        String second = start(s, "durable");

        String sessionId = first.substring(0, first.indexOf('.'));
        List<DomainEventMessage<?>> stored = new ArrayList<>();
        eventStore.readEvents(sessionId).forEachRemaining(stored::add);
        // the first challenge is recorded with the start, in one event
        assertThat(stored).extracting(message -> message.getPayloadType().getSimpleName())
                .containsExactly(SignInStarted.class.getSimpleName());
        ChallengeIssued firstChallenge = ((SignInStarted) stored.get(0).getPayload()).firstChallenge();
        assertThat(firstChallenge.challenge()).isEqualTo(ChallengeName.SOFTWARE_TOKEN_MFA);
        assertThat(firstChallenge.expiresAt()).isEqualTo(issuedAt.plus(Duration.ofMinutes(3)));

        clock.advance(Duration.ofMinutes(3));
        assertProblem(answer(s, first, totpCode(clock, s.secret())), 400, "SessionExpired");
        assertProblem(answer(s, second, totpCode(clock, s.secret())), 400, "SessionExpired");
    }

    /**
     * Streams recorded before the first challenge moved into SignInStarted (a start without it, then a
     * ChallengeIssued) still load as they did: the challenge is answered, and the challenge state shows it.
     */
    @Test
    void aSessionRecordedWithTheFirstChallengeInAnEventOfItsOwnStillAnswers() {
        Setup s = totpUser("legacy");
        String sub = jdbc.queryForObject("SELECT sub FROM user_account WHERE pool_id = ? AND username = ?",
                String.class, s.poolId(), "legacy");
        String sessionId = "legacySession000000000";
        String secret = "s".repeat(43);
        Instant now = clock.instant();
        eventStore.publish(
                new GenericDomainEventMessage<>("SignInSession", sessionId, 0, new SignInStarted(sessionId,
                        s.poolId(), s.clientId(), sub, "legacy", false, "192.0.2.1", null, null, now, null)),
                new GenericDomainEventMessage<>("SignInSession", sessionId, 1, new ChallengeIssued(sessionId,
                        s.poolId(), sub, ChallengeName.SOFTWARE_TOKEN_MFA, SessionSecrets.hash(secret), List.of(),
                        null, null, null, null, now.plus(Duration.ofMinutes(3)), now)));
        ProjectionsCaughtUp.await(processing, eventStore, SignInStateProjection.PROCESSING_GROUP);
        assertThat(jdbc.queryForObject("SELECT challenge FROM sign_in_challenge WHERE session_id = ?", String.class,
                sessionId)).isEqualTo("SOFTWARE_TOKEN_MFA");

        tokens(answer(s, SessionSecrets.join(sessionId, secret), totpCode(clock, s.secret())));
    }

    @Test
    void anEnrolmentSessionServesOnlyUnderItsOwnPool() {
        String poolId = RestFixtures.createPool(api, RestFixtures.pool("Enrol home", "REQUIRED", RestFixtures.TOTP_ON));
        String otherPool = RestFixtures.createPool(api, RestFixtures.pool("Enrol away", "REQUIRED",
                RestFixtures.TOTP_ON));
        String clientId = SignInFixtures.client(api, poolId);
        confirmedUser(api, poolId, "home");
        String setUp = challenge(initiate(api, poolId, clientId, "home", PASSWORD), "MFA_SETUP");

        long before = events.eventCount();
        assertProblem(associate(api, otherPool, setUp), 400, "InvalidSession");
        assertThat(events.eventCount()).isEqualTo(before);
        TestApi.Response associated = associate(api, poolId, setUp);
        assertThat(associated.status()).as(associated.toString()).isEqualTo(200);
        String session = associated.json().path("session").asText();
        String code = totpCode(clock, associated.json().path("secretCode").asText());
        assertProblem(verifyInSession(api, otherPool, session, code), 400, "InvalidSession");
        assertThat(verifyInSession(api, poolId, session, code).status()).isEqualTo(200);
    }

    @Test
    void aSessionAnswersOnlyTheClientItWasIssuedTo() {
        Setup s = totpUser("bound");
        String other = SignInFixtures.client(api, s.poolId());
        String session = start(s, "bound");

        long before = events.eventCount();
        JsonNode refused = assertProblem(respond(api, s.poolId(), other, "SOFTWARE_TOKEN_MFA", session,
                totpAnswer(totpCode(clock, s.secret()))), 400, "InvalidSession");
        assertThat(refused.path("detail").asText()).doesNotContain(session);
        assertThat(events.eventCount()).isEqualTo(before);
        tokens(answer(s, session, totpCode(clock, s.secret())));
    }

    @Test
    void aUsernameInTheAnswerMustBeTheSessionsUser() {
        Setup s = totpUser("named");
        confirmedUser(api, s.poolId(), "other");
        String session = start(s, "named");
        String code = totpCode(clock, s.secret());

        long before = events.eventCount();
        assertProblem(respond(api, s.poolId(), s.clientId(), "SOFTWARE_TOKEN_MFA", session,
                "{\"USERNAME\":\"other\",\"SOFTWARE_TOKEN_MFA_CODE\":\"" + code + "\"}"), 400, "InvalidSession");
        assertThat(events.eventCount()).isEqualTo(before);
        tokens(respond(api, s.poolId(), s.clientId(), "SOFTWARE_TOKEN_MFA", session,
                "{\"USERNAME\":\"NAMED\",\"SOFTWARE_TOKEN_MFA_CODE\":\"" + code + "\"}"));
    }

    @Test
    void tamperedAndMalformedSessionsAreRefusedAndChangeNothing() {
        Setup s = totpUser("tamper");
        String session = start(s, "tamper");
        String id = session.substring(0, 22);
        String secret = session.substring(23);
        String flipped = id + "." + (secret.charAt(0) == 'A' ? 'B' : 'A') + secret.substring(1);
        String otherId = (id.charAt(0) == 'A' ? 'B' : 'A') + id.substring(1) + "." + secret;

        long before = events.eventCount();
        for (String bad : List.of(flipped, otherId, "", "garbage", session + "x", session.replace('.', '-'),
                "x".repeat(4000), id + "." + secret.substring(0, 42) + "!")) {
            TestApi.Response response = answer(s, bad, totpCode(clock, s.secret()));
            JsonNode problem = assertProblem(response, 400, "InvalidSession");
            assertThat(problem.path("detail").asText()).doesNotContain(secret);
            assertProblem(associate(api, s.poolId(), bad), 400, "InvalidSession");
        }
        assertProblem(api.post(SignInFixtures.auth(s.poolId()) + "/respond", "{\"clientId\":\"" + s.clientId()
                + "\",\"challengeName\":\"SOFTWARE_TOKEN_MFA\",\"challengeResponses\":{}}"), 400, "InvalidParameter");
        assertThat(events.eventCount()).isEqualTo(before);
        tokens(answer(s, session, totpCode(clock, s.secret())));
    }

    @Test
    void anAnswerToAnotherChallengeIsRefusedAndChangesNothing() {
        Setup s = totpUser("mixup");
        String session = start(s, "mixup");

        long before = events.eventCount();
        JsonNode wrongName = assertProblem(respond(api, s.poolId(), s.clientId(), "SMS_MFA", session,
                "{\"SMS_MFA_CODE\":\"123456\"}"), 400, "InvalidParameter");
        assertThat(wrongName.path("detail").asText()).contains("challengeName");
        assertProblem(respond(api, s.poolId(), s.clientId(), "CUSTOM_CHALLENGE", session, "{}"), 400,
                "InvalidParameter");
        assertProblem(respond(api, s.poolId(), s.clientId(), "SOFTWARE_TOKEN_MFA", session, "{}"), 400,
                "InvalidParameter");
        assertThat(events.eventCount()).isEqualTo(before);
        tokens(answer(s, session, totpCode(clock, s.secret())));
    }

    @Test
    void sessionStringsAndRefreshTokensAreNeverStored() {
        Setup s = totpUser("secretive");
        List<String> presented = new ArrayList<>();
        String session = start(s, "secretive");
        presented.add(session);
        answer(s, session, UserFixtures.wrong(totpCode(clock, s.secret())));
        JsonNode result = tokens(answer(s, session, totpCode(clock, s.secret())));
        presented.add(result.path("refreshToken").asText());
        JsonNode rotated = tokens(refresh(api, s.poolId(), s.clientId(), result.path("refreshToken").asText()));
        presented.add(rotated.path("refreshToken").asText());

        for (String value : presented) {
            String secret = value.substring(value.indexOf('.') + 1);
            assertThat(secret).hasSize(43);
            assertThat(events.recordsContaining(secret)).as("records holding a session or token secret").isZero();
        }
        assertThat(events.recordsContaining(session.substring(0, 22))).as("the session id names the aggregate")
                .isPositive();
        assertThat(events.recordsContaining(PASSWORD)).as("nor is the password").isZero();
    }
}
