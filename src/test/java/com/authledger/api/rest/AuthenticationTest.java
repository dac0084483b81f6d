package com.authledger.api.rest;

import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static com.authledger.api.rest.RestFixtures.POOLS;
import static com.authledger.api.rest.RestFixtures.SENDER;
import static com.authledger.api.rest.RestFixtures.SMS_ON;
import static com.authledger.api.rest.RestFixtures.TOTP_ON;
import static com.authledger.api.rest.RestFixtures.assertProblem;
import static com.authledger.api.rest.RestFixtures.config;
import static com.authledger.api.rest.RestFixtures.createPool;
import static com.authledger.api.rest.RestFixtures.historyPath;
import static com.authledger.api.rest.RestFixtures.mfaConfigPath;
import static com.authledger.api.rest.RestFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;

/** API keys, roles and request ids: who may call what, and how a refusal says so. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticationTest {

    private static final String AUDIT = "/api/v1/audit/mfa-config";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    @Qualifier("springSecurityFilterChain")
    Filter securityFilters;

    private TestApi admin;
    private TestApi auditor;
    private EventStoreProbe events;
    private String poolId;

    @BeforeAll
    void createPoolToRead() {
        poolId = createPool(TestApi.admin(port), pool("Guarded", "OPTIONAL", TOTP_ON));
    }

    @BeforeEach
    void setUp() {
        admin = TestApi.admin(port);
        auditor = TestApi.auditor(port);
        events = new EventStoreProbe(jdbc);
    }

    private List<String> readPaths() {
        return List.of(POOLS, POOLS + "/" + poolId, mfaConfigPath(poolId), historyPath(poolId),
                historyPath(poolId) + "?format=jsonl", historyPath(poolId) + "?format=csv", AUDIT,
                AUDIT + "?format=jsonl", AUDIT + "?format=csv");
    }

    // --- no key, wrong key --------------------------------------------------------------------------------------

    @Test
    void getWhenNoAuthorizationThenUnauthenticatedWithBearerChallenge() {
        TestApi anonymous = TestApi.anonymous(port);
        for (String path : readPaths()) {
            TestApi.Response response = anonymous.get(path);
            assertProblem(response, 401, "Unauthenticated");
            assertThat(response.header("WWW-Authenticate")).as(path).isEqualTo("Bearer");
            assertThat(response.body()).as(path).doesNotContain(poolId).doesNotContain("Guarded");
        }
    }

    @Test
    void postWhenNoAuthorizationThenUnauthenticatedAndNothingAppended() {
        long before = events.eventCount();

        TestApi.Response response = TestApi.anonymous(port).post(POOLS, pool("Anonymous", "OFF"));

        assertProblem(response, 401, "Unauthenticated");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void putWhenNoAuthorizationThenUnauthenticatedAndNothingAppended() {
        long before = events.eventCount();

        TestApi.Response response = TestApi.anonymous(port).put(mfaConfigPath(poolId), config("OFF"));

        assertProblem(response, 401, "Unauthenticated");
        assertThat(events.eventCount()).isEqualTo(before);
        assertThat(admin.get(mfaConfigPath(poolId)).json().path("mfaMode").asText()).isEqualTo("OPTIONAL");
    }

    @Test
    void getWhenWrongKeyThenUnauthenticatedWithBearerChallenge() {
        TestApi wrong = TestApi.withKey(port, "not-the-key-SECRET-MARKER-123");
        for (String path : readPaths()) {
            TestApi.Response response = wrong.get(path);
            assertProblem(response, 401, "Unauthenticated");
            assertThat(response.header("WWW-Authenticate")).as(path).isEqualTo("Bearer");
            assertThat(response.body()).doesNotContain("SECRET-MARKER-123");
        }
    }

    @Test
    void postWhenWrongKeyThenUnauthenticatedAndNothingAppended() {
        long before = events.eventCount();

        TestApi.Response response = TestApi.withKey(port, "test-admin-key-but-not-quite")
                .post(POOLS, pool("Wrong key", "OFF"));

        assertProblem(response, 401, "Unauthenticated");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void getWhenEmptyOrOverlongBearerThenUnauthenticated() {
        TestApi.Response empty = TestApi.anonymous(port).header("Authorization", "Bearer ").get(POOLS);
        assertProblem(empty, 401, "Unauthenticated");
        TestApi.Response overlong = TestApi.withKey(port, "k".repeat(300)).get(POOLS);
        assertProblem(overlong, 401, "Unauthenticated");
        TestApi.Response noScheme = TestApi.anonymous(port).header("Authorization", TestApi.ADMIN_KEY).get(POOLS);
        assertProblem(noScheme, 401, "Unauthenticated");
    }

    @Test
    void getWhenBasicSchemeThenUnauthenticated() {
        String basic = Base64.getEncoder().encodeToString("test-admin:test-admin-key".getBytes(StandardCharsets.US_ASCII));
        TestApi.Response response = TestApi.anonymous(port).header("Authorization", "Basic " + basic).get(POOLS);

        assertProblem(response, 401, "Unauthenticated");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void postWhenBasicSchemeThenUnauthenticatedAndNothingAppended() {
        long before = events.eventCount();
        String basic = Base64.getEncoder().encodeToString("test-admin:test-admin-key".getBytes(StandardCharsets.US_ASCII));

        TestApi.Response response = TestApi.anonymous(port).header("Authorization", "Basic " + basic)
                .post(POOLS, pool("Basic", "OFF"));

        assertProblem(response, 401, "Unauthenticated");
        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void getWhenBearerSchemeInLowerCaseThenAccepted() {
        TestApi.Response response = TestApi.anonymous(port).header("Authorization", "bearer " + TestApi.ADMIN_KEY)
                .get(POOLS);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    // --- roles --------------------------------------------------------------------------------------------------

    @Test
    void getWhenAuditorThenPoolsConfigurationHistoryAndExportsReadable() {
        for (String path : readPaths()) {
            TestApi.Response response = auditor.get(path);
            assertThat(response.status()).as(path + " " + response).isEqualTo(200);
        }
        assertThat(auditor.get(POOLS + "/" + poolId).json().path("poolId").asText()).isEqualTo(poolId);
        assertThat(auditor.get(mfaConfigPath(poolId)).json().path("mfaMode").asText()).isEqualTo("OPTIONAL");
        assertThat(auditor.get(historyPath(poolId)).json().path("items")).isNotEmpty();
        assertThat(auditor.get(historyPath(poolId) + "?format=jsonl").body()).contains(poolId);
        assertThat(auditor.get(AUDIT + "?format=csv").body()).startsWith("event_id,").contains(poolId);
        assertThat(auditor.get(mfaConfigPath(poolId) + "?asOf=2100-01-01T00:00:00Z").status()).isEqualTo(200);
    }

    @Test
    void postWhenAuditorThenForbiddenAndNothingAppended() {
        long before = events.eventCount();
        int poolsBefore = admin.get(POOLS + "?pageSize=200").json().path("items").size();

        TestApi.Response response = auditor.post(POOLS, pool("Auditor pool", "OFF"));

        assertProblem(response, 403, "Forbidden");
        assertThat(events.eventCount()).isEqualTo(before);
        assertThat(admin.get(POOLS + "?pageSize=200").json().path("items")).hasSize(poolsBefore);
    }

    @Test
    void putWhenAuditorThenForbiddenAndNothingAppended() {
        long before = events.eventCount();
        String etag = admin.get(mfaConfigPath(poolId)).header("ETag");

        TestApi.Response response = auditor.put(mfaConfigPath(poolId), config("OPTIONAL", SMS_ON, TOTP_ON, SENDER));

        assertProblem(response, 403, "Forbidden");
        assertThat(events.eventCount()).isEqualTo(before);
        assertThat(admin.get(mfaConfigPath(poolId)).header("ETag")).isEqualTo(etag);
    }

    @Test
    void putWhenAuditorWithInvalidBodyThenForbiddenBeforeBodyIsRead() {
        long before = events.eventCount();

        TestApi.Response response = auditor.put(mfaConfigPath(poolId), "{not json");

        assertProblem(response, 403, "Forbidden");
        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void deleteWhenAuditorThenForbidden() {
        long before = events.eventCount();

        assertProblem(auditor.send("DELETE", POOLS + "/" + poolId, null, null), 403, "Forbidden");

        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void writeAndReadWhenAdminThenEverythingAllowed() {
        long before = events.eventCount();

        TestApi.Response created = admin.post(POOLS, pool("Admin pool", "OFF"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("poolId").asText();
        TestApi.Response put = admin.put(mfaConfigPath(id), config("OPTIONAL", TOTP_ON));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);

        assertThat(events.eventCount()).isEqualTo(before + 2);
        for (String path : List.of(POOLS, POOLS + "/" + id, mfaConfigPath(id), historyPath(id),
                historyPath(id) + "?format=jsonl", historyPath(id) + "?format=csv", AUDIT, AUDIT + "?format=jsonl",
                AUDIT + "?format=csv")) {
            TestApi.Response response = admin.get(path);
            assertThat(response.status()).as(path + " " + response).isEqualTo(200);
        }
        assertThat(admin.get(historyPath(id)).json().path("items")).hasSize(2);
    }

    // --- public documentation -----------------------------------------------------------------------------------

    @Test
    void apiDocsWhenNoKeyThenReachableAndListsPoolPaths() {
        TestApi.Response docs = TestApi.anonymous(port).get("/v3/api-docs");

        assertThat(docs.status()).as(docs.toString()).isEqualTo(200);
        JsonNode paths = docs.json().path("paths");
        List<String> names = new ArrayList<>();
        paths.fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("/api/v1/pools", "/api/v1/pools/{poolId}", "/api/v1/pools/{poolId}/mfa-config",
                "/api/v1/pools/{poolId}/mfa-config/history", "/api/v1/audit/mfa-config");
        assertThat(paths.path("/api/v1/pools").has("post")).isTrue();
        assertThat(paths.path("/api/v1/pools").has("get")).isTrue();
        assertThat(paths.path("/api/v1/pools/{poolId}/mfa-config").has("put")).isTrue();
    }

    @Test
    void protectedPathsWhenUnknownAndAnonymousThenUnauthenticated() {
        TestApi.Response response = TestApi.anonymous(port).get("/api/v1/nothing-here");

        assertProblem(response, 401, "Unauthenticated");
    }

    // --- request ids --------------------------------------------------------------------------------------------

    @Test
    void requestWhenClientSendsRequestIdThenEchoedInHeaderAndProblem() {
        String requestId = "client-req-" + UUID.randomUUID();

        TestApi.Response ok = admin.header("X-Request-Id", requestId).get(POOLS);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("X-Request-Id")).isEqualTo(requestId);

        JsonNode notFound = assertProblem(admin.header("X-Request-Id", requestId)
                .get(POOLS + "/us-east-1_Zz9Zz9Zz9"), 404, "PoolNotFound");
        assertThat(notFound.path("requestId").asText()).isEqualTo(requestId);

        JsonNode unauthenticated = assertProblem(TestApi.anonymous(port).header("X-Request-Id", requestId)
                .get(POOLS), 401, "Unauthenticated");
        assertThat(unauthenticated.path("requestId").asText()).isEqualTo(requestId);

        JsonNode forbidden = assertProblem(auditor.header("X-Request-Id", requestId)
                .post(POOLS, pool("Forbidden", "OFF")), 403, "Forbidden");
        assertThat(forbidden.path("requestId").asText()).isEqualTo(requestId);

        JsonNode badBody = assertProblem(admin.header("X-Request-Id", requestId).post(POOLS, "{"), 400,
                "MalformedJson");
        assertThat(badBody.path("requestId").asText()).isEqualTo(requestId);
    }

    @Test
    void writeWhenClientSendsRequestIdThenRecordedInTheAuditTrail() {
        String requestId = "change-" + UUID.randomUUID();

        TestApi.Response created = admin.header("X-Request-Id", requestId).post(POOLS, pool("Traced", "OFF"));

        assertThat(created.header("X-Request-Id")).isEqualTo(requestId);
        String id = created.json().path("poolId").asText();
        assertThat(admin.get(historyPath(id)).json().path("items").get(0).path("requestId").asText())
                .isEqualTo(requestId);
    }

    @Test
    void requestWhenNoRequestIdThenOneIsGeneratedAndCarriedInProblem() {
        TestApi.Response ok = admin.get(POOLS);
        String generated = ok.header("X-Request-Id");
        assertThat(generated).isNotBlank();
        assertThat(UUID.fromString(generated).toString()).isEqualTo(generated);

        TestApi.Response problem = admin.get(POOLS + "/us-east-1_Zz9Zz9Zz9");
        JsonNode body = assertProblem(problem, 404, "PoolNotFound");
        assertThat(body.path("requestId").asText()).isNotEqualTo(generated);
        assertThat(UUID.fromString(body.path("requestId").asText())).isNotNull();
    }

    @Test
    void requestWhenRequestIdIsNotAPlainTokenThenReplacedByGeneratedOne() {
        String given = "bad id <script>" + "x".repeat(10);
        TestApi.Response response = admin.header("X-Request-Id", given).get(POOLS + "/us-east-1_Zz9Zz9Zz9");

        JsonNode problem = assertProblem(response, 404, "PoolNotFound");

        assertThat(response.header("X-Request-Id")).isNotEqualTo(given);
        assertThat(UUID.fromString(problem.path("requestId").asText()).toString())
                .isEqualTo(response.header("X-Request-Id"));
        assertThat(response.body()).doesNotContain("<script>");
        TestApi.Response tooLong = admin.header("X-Request-Id", "a".repeat(129)).get(POOLS);
        assertThat(tooLong.header("X-Request-Id")).hasSize(36);
    }

    /**
     * The security filters do not look the MVC handler up ahead of the dispatcher (which looks it up again): a request
     * with a path variable is tested against every mapping, so each lookup is paid in full.
     */
    @Test
    void theSecurityFiltersLeaveTheHandlerLookupToTheDispatcher() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/pools/" + poolId + "/mfa-config");
        request.addHeader("Authorization", "Bearer " + TestApi.AUDITOR_KEY);
        List<Object> seenByTheDispatcher = new ArrayList<>();
        securityFilters.doFilter(request, new MockHttpServletResponse(), (passed, response) -> seenByTheDispatcher.add(
                passed.getAttribute(HandlerMappingIntrospector.class.getName() + ".CachedResult")));
        assertThat(seenByTheDispatcher).as("the request reached the dispatcher, with no handler looked up")
                .hasSize(1).containsOnlyNulls();
    }
}
