package com.authledger.api.cognito;

import com.authledger.api.rest.SignInFixturesAccess;
import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.limits.RateLimitSettings;
import com.authledger.limits.RateLimits;
import com.authledger.limits.WindowCounters;
import com.authledger.shared.LimitReached;
import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.TestApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.Map;

import static com.authledger.api.cognito.CognitoCalls.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The per-address rate limit of the unauthenticated operations: Cognito's unsigned operations and the self-service
 * API. Past the limit, TooManyRequests before the operation runs (nothing appended, nothing sent); signed calls are
 * not counted; the counts are shared by the nodes through the database.
 */
@IntegrationTest
@TestPropertySource(properties = {
        "authledger.rate-limits.per-address-limit=4",
        "authledger.rate-limits.per-address-window=1m",
        // the test shares the counts itself (RateLimits.flush), so that what it sees does not depend on timing
        "authledger.rate-limits.flush-every=1h",
        "authledger.refusal-counts.flush-every=1h",
})
class RateLimitTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    RateLimits rateLimits;

    @Autowired
    WindowCounters counters;

    @Autowired
    DevelopmentOutbox outbox;

    @Autowired
    com.authledger.limits.RefusalTally tally;

    TestApi api;
    EventStoreProbe events;
    String clientId;

    @BeforeEach
    void setUp() {
        api = TestApi.admin(port);
        events = new EventStoreProbe(jdbc);
        // a fresh window for every test
        clock.advance(Duration.ofMinutes(2));
        if (clientId == null) {
            String poolId = SignInFixturesAccess.pool(api, "Rate limits", "OFF");
            clientId = SignInFixturesAccess.client(api, poolId, CognitoSignInTest.FLOWS, 3);
        }
    }

    private TestApi.Response signUp(String ip, String name) {
        return CognitoCalls.unsignedFrom(port, ip, "SignUp", Map.of("ClientId", clientId, "Username", name,
                "Password", "Rate-Limit-Pass-1", "UserAttributes",
                java.util.List.of(Map.of("Name", "phone_number", "Value", "+15555550100"))));
    }

    @Test
    void unsignedOperationsFromOneAddressAreRefusedPastTheLimitBeforeTheyRun() {
        String ip = "198.51.100.10";
        for (int i = 0; i < 2; i++) {
            assertError(CognitoCalls.unsignedFrom(port, ip, "InitiateAuth", Map.of("ClientId", clientId,
                    "AuthFlow", "USER_PASSWORD_AUTH", "AuthParameters", Map.of("USERNAME", "nobody",
                            "PASSWORD", "Wrong-Pass-123"))), 403, "NotAuthorizedException");
        }
        assertThat(signUp(ip, "rita-1").status()).isEqualTo(200);
        assertThat(signUp(ip, "rita-2").status()).isEqualTo(200);
        long before = events.eventCount();
        int sent = outbox.messages().size();

        TestApi.Response refused = signUp(ip, "rita-3");
        String message = assertError(refused, 429, "TooManyRequestsException");
        assertThat(message).isEqualTo("Too many requests from this address: try again later.");
        assertThat(events.eventCount()).as("nothing appended").isEqualTo(before);
        assertThat(outbox.messages()).as("nothing sent").hasSize(sent);
        assertThat(api.get("/api/v1/pools/" + poolOf() + "/users/rita-3").status()).isEqualTo(404);

        // another address, and the signed operations, are not held back
        assertThat(signUp("198.51.100.11", "rita-3").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/pools").status()).isEqualTo(200);
        // a new window lets the address in again
        clock.advance(Duration.ofMinutes(1));
        assertThat(signUp(ip, "rita-4").status()).isEqualTo(200);
    }

    @Test
    void theSelfServiceApiIsCountedBeforeItsTokenIsChecked() {
        TestApi fromOne = TestApi.anonymous(port).header("X-Forwarded-For", "198.51.100.20")
                .header("Authorization", "Bearer not-a-token");
        for (int i = 0; i < 4; i++) {
            assertThat(fromOne.get("/api/v1/me").status()).isEqualTo(401);
        }

        TestApi.Response refused = fromOne.get("/api/v1/me");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.code()).isEqualTo("TooManyRequests");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(TestApi.anonymous(port).header("X-Forwarded-For", "198.51.100.21")
                .header("Authorization", "Bearer not-a-token").get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void aSelfServiceCallPastTheLimitSendsNothingAndAppendsNothing() {
        String poolId = SignInFixturesAccess.smsAndTotpPool(api, "Rate limited self-service");
        String smsClient = SignInFixturesAccess.client(api, poolId, CognitoSignInTest.FLOWS, 3);
        SignInFixturesAccess.confirmedUser(api, poolId, "mo", "\"phoneNumber\":\"+15555550190\"");
        com.fasterxml.jackson.databind.JsonNode signedIn = CognitoCalls.unsignedFrom(port, "198.51.100.51",
                "InitiateAuth", Map.of("ClientId", smsClient, "AuthFlow", "USER_PASSWORD_AUTH",
                        "AuthParameters", Map.of("USERNAME", "mo", "PASSWORD", SignInFixturesAccess.PASSWORD))).json();
        TestApi fromOne = TestApi.anonymous(port).header("X-Forwarded-For", "198.51.100.50").header("Authorization",
                "Bearer " + signedIn.path("AuthenticationResult").path("AccessToken").asText());
        for (int i = 0; i < 4; i++) {
            TestApi.Response sent = fromOne.post("/api/v1/me/attribute-verification-code",
                    "{\"attribute\":\"phone_number\"}");
            assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        }
        long before = events.eventCount();
        int messages = outbox.messages().size();

        TestApi.Response refused = fromOne.post("/api/v1/me/attribute-verification-code",
                "{\"attribute\":\"phone_number\"}");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.code()).isEqualTo("TooManyRequests");
        assertThat(events.eventCount()).as("nothing appended").isEqualTo(before);
        assertThat(outbox.messages()).as("nothing sent").hasSize(messages);
    }

    @Test
    void anIpv6AddressCountsByItsSlash64() {
        for (int i = 0; i < 4; i++) {
            assertThat(signUp("2001:db8:7:1::" + (i + 1), "six-" + i).status()).isEqualTo(200);
        }
        assertError(signUp("2001:db8:7:1:ffff::9", "six-9"), 429, "TooManyRequestsException");
        assertThat(signUp("2001:db8:7:2::1", "six-10").status()).isEqualTo(200);
    }

    @Test
    void nodesShareTheirCountsThroughTheDatabase() {
        com.authledger.infra.Maintenance otherNodesUpkeep = new com.authledger.infra.Maintenance();
        RateLimits otherNode = new RateLimits(counters, new RateLimitSettings(4, Duration.ofMinutes(1),
                Duration.ofHours(1)), tally, clock, otherNodesUpkeep);
        try {
            String ip = "198.51.100.30";
            for (int i = 0; i < 3; i++) {
                assertThat(signUp(ip, "shared-" + i).status()).isEqualTo(200);
            }
            rateLimits.flush();
            otherNode.requireOpen(ip);
            otherNode.flush();
            assertThatThrownBy(() -> otherNode.requireOpen(ip)).as("3 here and 1 there").isInstanceOf(
                    LimitReached.class);
            // this node learns the other's count when it next shares its own: what it lets through meanwhile is the
            // documented slack of one flush interval
            assertThat(signUp(ip, "shared-3").status()).isEqualTo(200);
            rateLimits.flush();
            assertError(signUp(ip, "shared-4"), 429, "TooManyRequestsException");
        } finally {
            otherNode.destroy();
            otherNodesUpkeep.destroy();
        }
    }

    @Test
    void refusalsAreCountedForAuditorsOncePerPoolReasonAndHourNotRowByRow() {
        String poolId = poolOf();
        tally.flush();
        String ip = "198.51.100.40";
        for (int i = 0; i < 3; i++) {
            assertError(CognitoCalls.unsignedFrom(port, ip, "InitiateAuth", Map.of("ClientId", clientId,
                    "AuthFlow", "USER_PASSWORD_AUTH", "AuthParameters", Map.of("USERNAME", "ghost-" + i,
                            "PASSWORD", "Wrong-Pass-123"))), 403, "NotAuthorizedException");
        }
        assertThat(signUp(ip, "over-1").status()).isEqualTo(200);
        assertError(signUp(ip, "over-2"), 429, "TooManyRequestsException");
        assertError(signUp(ip, "over-3"), 429, "TooManyRequestsException");
        long rowsBefore = jdbc.queryForObject("SELECT COUNT(*) FROM refusal_count", Long.class);
        tally.flush();
        tally.flush();

        TestApi auditor = TestApi.auditor(port);
        com.fasterxml.jackson.databind.JsonNode pool = auditor.get("/api/v1/audit/refusals?poolId=" + poolId
                + "&from=" + clock.instant().truncatedTo(java.time.temporal.ChronoUnit.HOURS)).json();
        Map<String, Long> byReason = new java.util.HashMap<>();
        pool.path("items").forEach(item -> {
            assertThat(item.path("poolId").asText()).isEqualTo(poolId);
            assertThat(item.path("hour").asText()).endsWith(":00:00Z");
            assertThat(item.has("position")).isFalse();
            byReason.merge(item.path("reason").asText(), item.path("refusals").asLong(), Long::sum);
        });
        assertThat(byReason).containsEntry("UNKNOWN_NAME", 3L).containsEntry("WRONG_PASSWORD", 3L);
        com.fasterxml.jackson.databind.JsonNode all = auditor.get("/api/v1/audit/refusals?pageSize=200").json();
        assertThat(all.findValues("reason").stream().map(com.fasterxml.jackson.databind.JsonNode::asText))
                .contains("RATE_LIMITED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM refusal_count", Long.class) - rowsBefore)
                .as("five refusals, three reasons: at most three new rows").isLessThanOrEqualTo(3);

        assertThat(auditor.get("/api/v1/audit/refusals?from=yesterday").code()).isEqualTo("InvalidParameter");
        assertThat(auditor.get("/api/v1/audit/refusals?poolId=not%20a%20pool").code()).isEqualTo("InvalidParameter");
        assertThat(TestApi.anonymous(port).get("/api/v1/audit/refusals").status()).isEqualTo(401);
    }

    private String poolOf() {
        return jdbc.queryForObject("SELECT pool_id FROM app_client WHERE client_id = ?", String.class, clientId);
    }
}
