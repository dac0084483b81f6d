package com.authledger.api.rest;

import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import static com.authledger.api.rest.RestFixtures.MARKER;
import static com.authledger.api.rest.RestFixtures.POOLS;
import static com.authledger.api.rest.RestFixtures.TOTP_ON;
import static com.authledger.api.rest.RestFixtures.assertProblem;
import static com.authledger.api.rest.RestFixtures.config;
import static com.authledger.api.rest.RestFixtures.createPool;
import static com.authledger.api.rest.RestFixtures.historyPath;
import static com.authledger.api.rest.RestFixtures.mfaConfigPath;
import static com.authledger.api.rest.RestFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pool's password policy through HTTP: given at creation or left to the defaults, read with the pool and on its
 * own, replaced by PUT (an identical one appends nothing), versioned apart from the MFA configuration, and every bad
 * input refused with a 400 that names the field, never echoes the value, and appends nothing.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasswordPolicyApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNKNOWN_POOL = "us-east-1_Zz9Zz9Zz9";
    private static final String DEFAULTS = policy(8, true, true, true, true);
    private static final String STRICT = policy(14, true, true, true, true);
    private static final String LENIENT = policy(6, false, true, false, false);

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MutableClock clock;

    private TestApi admin;
    private EventStoreProbe events;
    private long eventsBefore;
    /** The pool the bad-input PUTs target; its policy stays the defaults. */
    private String badInputTarget;

    static String policy(int minimumLength, boolean uppercase, boolean lowercase, boolean numbers, boolean symbols) {
        return "{\"minimumLength\":" + minimumLength + ",\"requireUppercase\":" + uppercase
                + ",\"requireLowercase\":" + lowercase + ",\"requireNumbers\":" + numbers
                + ",\"requireSymbols\":" + symbols + "}";
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String policyPath(String poolId) {
        return POOLS + "/" + poolId + "/password-policy";
    }

    @BeforeAll
    void createPoolToPutTo() {
        badInputTarget = createPool(TestApi.admin(port), pool("Bad input target", "OPTIONAL", TOTP_ON));
    }

    @BeforeEach
    void setUp() {
        admin = TestApi.admin(port);
        events = new EventStoreProbe(jdbc);
        eventsBefore = events.eventCount();
        clock.advance(Duration.ofMinutes(1));
    }

    private String createWithPolicy(String name, String policyJson) {
        return createPool(admin, pool(name, "OPTIONAL", TOTP_ON, "\"passwordPolicy\":" + policyJson));
    }

    // --- creation -------------------------------------------------------------------------------------------------

    @Test
    void createWithoutPolicyThenTheDefaultsInTheAnswerThePoolAndThePolicy() {
        TestApi.Response created = admin.post(POOLS, pool("Default policy", "OPTIONAL", TOTP_ON));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("passwordPolicy")).isEqualTo(json(DEFAULTS));
        String poolId = created.json().path("poolId").asText();
        assertThat(admin.get(POOLS + "/" + poolId).json().path("passwordPolicy")).isEqualTo(json(DEFAULTS));
        TestApi.Response read = admin.get(policyPath(poolId));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(json(DEFAULTS));
    }

    @Test
    void createWithPolicyThenItInTheAnswerThePoolAndThePolicy() {
        TestApi.Response created = admin.post(POOLS, pool("Lenient policy", "OFF",
                "\"passwordPolicy\":" + LENIENT));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("passwordPolicy")).isEqualTo(json(LENIENT));
        assertThat(created.header("ETag")).isEqualTo("\"0\"");
        String poolId = created.json().path("poolId").asText();
        assertThat(admin.get(POOLS + "/" + poolId).json().path("passwordPolicy")).isEqualTo(json(LENIENT));
        assertThat(admin.get(policyPath(poolId)).json()).isEqualTo(json(LENIENT));
        assertThat(events.eventCount()).isEqualTo(eventsBefore + 1);
    }

    @Test
    void createWithNullPolicyThenTheDefaults() {
        TestApi.Response created = admin.post(POOLS, pool("Null policy", "OFF", "\"passwordPolicy\":null"));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("passwordPolicy")).isEqualTo(json(DEFAULTS));
    }

    @Test
    void createWithTheBoundsOfTheMinimumLengthThenCreated() {
        for (int length : new int[]{6, 99}) {
            TestApi.Response created = admin.post(POOLS, pool("Bound " + length, "OFF",
                    "\"passwordPolicy\":" + policy(length, false, false, false, false)));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.json().path("passwordPolicy").path("minimumLength").asInt()).isEqualTo(length);
        }
    }

    // --- changes --------------------------------------------------------------------------------------------------

    @Test
    void putThenTheNewPolicyAnsweredReadBackAndOneEventAppended() {
        String poolId = createWithPolicy("Changing", DEFAULTS);
        long before = events.eventCount();

        TestApi.Response put = admin.header("X-Reason", "ticket SEC-7").put(policyPath(poolId), STRICT);

        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.header("Content-Type")).startsWith("application/json");
        assertThat(put.json()).isEqualTo(json(STRICT));
        assertThat(events.eventCount()).isEqualTo(before + 1);
        // read-your-writes: the projection holds the change when the PUT answers
        assertThat(admin.get(policyPath(poolId)).json()).isEqualTo(json(STRICT));
        assertThat(admin.get(POOLS + "/" + poolId).json().path("passwordPolicy")).isEqualTo(json(STRICT));
        assertThat(jdbc.queryForObject("SELECT password_policy_version FROM pool WHERE pool_id = ?", Long.class,
                poolId)).isEqualTo(1);
    }

    @Test
    void putIdenticalPolicyThenOkAndNothingAppended() {
        String poolId = createWithPolicy("Identical", LENIENT);
        long before = events.eventCount();

        TestApi.Response put = admin.put(policyPath(poolId), LENIENT);

        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json()).isEqualTo(json(LENIENT));
        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void getResponseSentBackVerbatimThenAcceptedUnchanged() {
        String poolId = createWithPolicy("Round trip", STRICT);
        long before = events.eventCount();
        String read = admin.get(policyPath(poolId)).body();

        TestApi.Response put = admin.put(policyPath(poolId), read);

        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json()).isEqualTo(json(read));
        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void putLeavesTheMfaConfigurationItsVersionAndItsHistoryAlone() {
        String poolId = createPool(admin, pool("Apart", "OPTIONAL", TOTP_ON));
        assertThat(admin.put(policyPath(poolId), STRICT).status()).isEqualTo(200);

        TestApi.Response mfa = admin.get(mfaConfigPath(poolId));
        assertThat(mfa.header("ETag")).isEqualTo("\"0\"");
        assertThat(admin.get(POOLS + "/" + poolId).json().path("mfaConfig").path("version").asLong()).isZero();

        // an If-Match read before the policy change still holds; the change takes the next sequence number
        clock.advance(Duration.ofMinutes(1));
        TestApi.Response changed = admin.header("If-Match", "\"0\"").put(mfaConfigPath(poolId),
                config("OFF", "\"totpMfa\":{\"enabled\":true}"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.header("ETag")).isEqualTo("\"2\"");
        TestApi.Response stale = admin.header("If-Match", "\"1\"").put(mfaConfigPath(poolId), config("OFF"));
        assertProblem(stale, 412, "VersionMismatch");

        // the MFA audit trail: the creation and the MFA change, whose before is the configuration at creation
        JsonNode history = admin.get(historyPath(poolId)).json().path("items");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).path("change").asText()).isEqualTo("PoolCreated");
        assertThat(history.get(1).path("change").asText()).isEqualTo("PoolMfaConfigured");
        assertThat(history.get(1).path("version").asLong()).isEqualTo(2);
        assertThat(history.get(1).path("before")).isEqualTo(history.get(0).path("after"));
        assertThat(history.get(1).path("after").path("mfaMode").asText()).isEqualTo("OFF");

        // the configuration created is valid until the MFA change, across the policy change in between
        TestApi.Response first = admin.get(mfaConfigPath(poolId) + "?asOf="
                + history.get(0).path("occurredAt").asText());
        assertThat(first.json().path("version").asLong()).isZero();
        assertThat(first.json().path("validTo").asText()).isEqualTo(history.get(1).path("occurredAt").asText());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM pool_mfa_config_version WHERE pool_id = ? "
                + "AND valid_to IS NULL", Long.class, poolId)).isEqualTo(1);
    }

    @Test
    void auditorMayReadButNotChange() {
        String poolId = createWithPolicy("Audited", LENIENT);
        long before = events.eventCount();
        TestApi auditor = TestApi.auditor(port);

        assertThat(auditor.get(policyPath(poolId)).json()).isEqualTo(json(LENIENT));
        assertProblem(auditor.put(policyPath(poolId), STRICT), 403, "Forbidden");
        assertProblem(TestApi.anonymous(port).get(policyPath(poolId)), 401, "Unauthenticated");
        assertThat(events.eventCount()).isEqualTo(before);
        assertThat(admin.get(policyPath(poolId)).json()).isEqualTo(json(LENIENT));
    }

    @Test
    void unknownOrMalformedPoolThenNotFoundOrBadRequestAndNothingAppended() {
        assertProblem(admin.get(policyPath(UNKNOWN_POOL)), 404, "PoolNotFound");
        assertProblem(admin.put(policyPath(UNKNOWN_POOL), STRICT), 404, "PoolNotFound");
        JsonNode malformed = assertProblem(admin.get(policyPath("not-a-pool")), 400, "InvalidParameter");
        assertThat(malformed.path("detail").asText()).startsWith("poolId");
        assertProblem(admin.put(policyPath("not-a-pool"), STRICT), 400, "InvalidParameter");
        assertThat(events.eventCount()).isEqualTo(eventsBefore);
    }

    /** The two writes that take a password policy: in POST /pools's passwordPolicy, or as PUT's whole body. */
    enum Write {
        CREATE_POOL("POST", "passwordPolicy.") {
            @Override
            String body(String policyJson) {
                return pool("Bad policy", "OPTIONAL", TOTP_ON, "\"passwordPolicy\":" + policyJson);
            }
        },
        PUT_PASSWORD_POLICY("PUT", "") {
            @Override
            String body(String policyJson) {
                return policyJson;
            }
        };

        final String method;
        /** How Jackson's path names a field of the policy in this body. */
        final String jsonPath;

        Write(String method, String jsonPath) {
            this.method = method;
            this.jsonPath = jsonPath;
        }

        abstract String body(String policyJson);
    }

    // --- bad input: 400, naming the field, never echoing the value, nothing appended -----------------------------

    private TestApi.Response send(Write write, String policyJson) {
        String path = write == Write.CREATE_POOL ? POOLS : policyPath(badInputTarget);
        return admin.send(write.method, path, write.body(policyJson), "application/json");
    }

    private JsonNode assertRefused(TestApi.Response response, String code, String badValue) {
        JsonNode problem = assertProblem(response, 400, code);
        assertThat(response.body()).as("the refusal must not echo the submitted value").doesNotContain(badValue);
        assertThat(events.eventCount()).as("nothing may be appended").isEqualTo(eventsBefore);
        assertThat(admin.get(policyPath(badInputTarget)).json()).isEqualTo(json(DEFAULTS));
        return problem;
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void baselineWhenThePolicyIsValidThenBothWritesSucceed(Write write) {
        TestApi.Response response = send(write, policy(9, false, true, true, false));
        assertThat(response.status()).as(response.toString()).isIn(200, 201);
        assertThat(events.eventCount()).isEqualTo(eventsBefore + 1);
        admin.put(policyPath(badInputTarget), DEFAULTS);
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void minimumLengthBelowSixThenInvalidParameterNamingItAndNothingAppended(Write write) {
        for (int length : new int[]{5, 0, -8}) {
            JsonNode problem = assertRefused(send(write, policy(length, true, true, true, true)),
                    "InvalidParameter", MARKER);
            assertThat(problem.path("detail").asText())
                    .isEqualTo("passwordPolicy.minimumLength must be 6 to 99");
        }
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void minimumLengthAbove99ThenInvalidParameterNamingItAndNothingAppended(Write write) {
        for (int length : new int[]{100, 256, Integer.MAX_VALUE}) {
            JsonNode problem = assertRefused(send(write, policy(length, true, true, true, true)),
                    "InvalidParameter", MARKER);
            assertThat(problem.path("detail").asText())
                    .isEqualTo("passwordPolicy.minimumLength must be 6 to 99");
        }
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void minimumLengthOfTheWrongTypeThenInvalidFieldValueNamingItAndNothingAppended(Write write) {
        String distinctive = "918273645";
        for (String value : new String[]{"\"12\"", "12.5", "12.0", "true", "[12]", "{\"n\":12}",
                "\"" + MARKER + "\"", distinctive + "." + distinctive}) {
            String body = DEFAULTS.replace("\"minimumLength\":8", "\"minimumLength\":" + value);
            JsonNode problem = assertRefused(send(write, body), "InvalidFieldValue", MARKER);
            assertThat(problem.path("detail").asText()).as(value)
                    .contains("'" + write.jsonPath + "minimumLength'").doesNotContain(distinctive);
        }
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void minimumLengthBeyondTheRangeOfANumberThenInvalidFieldValueAndNothingAppended(Write write) {
        String distinctive = "918273645918273645";
        JsonNode problem = assertRefused(send(write, DEFAULTS.replace("\"minimumLength\":8",
                "\"minimumLength\":" + distinctive)), "InvalidFieldValue", distinctive);
        assertThat(problem.path("detail").asText()).contains("'" + write.jsonPath + "minimumLength'");
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void requirementOfTheWrongTypeThenInvalidFieldValueNamingItAndNothingAppended(Write write) {
        for (String value : new String[]{"\"yes\"", "\"true\"", "1", "0", "[]", "\"" + MARKER + "\""}) {
            String body = DEFAULTS.replace("\"requireSymbols\":true", "\"requireSymbols\":" + value);
            JsonNode problem = assertRefused(send(write, body), "InvalidFieldValue", MARKER);
            assertThat(problem.path("detail").asText()).as(value)
                    .contains("'" + write.jsonPath + "requireSymbols'");
        }
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void missingOrNullFieldThenInvalidParameterNamingItAndNothingAppended(Write write) {
        for (String field : new String[]{"minimumLength", "requireUppercase", "requireLowercase",
                "requireNumbers", "requireSymbols"}) {
            JsonNode all = json(DEFAULTS);
            String missing = ((com.fasterxml.jackson.databind.node.ObjectNode) all.deepCopy()).without(field)
                    .toString();
            JsonNode problem = assertRefused(send(write, missing), "InvalidParameter", MARKER);
            assertThat(problem.path("detail").asText()).isEqualTo("passwordPolicy." + field + " is required");
            String nulled = ((com.fasterxml.jackson.databind.node.ObjectNode) all.deepCopy()).putNull(field)
                    .toString();
            problem = assertRefused(send(write, nulled), "InvalidParameter", MARKER);
            assertThat(problem.path("detail").asText()).isEqualTo("passwordPolicy." + field + " is required");
        }
        JsonNode empty = assertRefused(send(write, "{}"), "InvalidParameter", MARKER);
        assertThat(empty.path("detail").asText()).isEqualTo("passwordPolicy.minimumLength is required");
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void unknownFieldThenUnknownFieldNamingItAndNothingAppended(Write write) {
        String body = DEFAULTS.replace("}", ",\"temporaryPasswordValidityDays\":\"" + MARKER + "\"}");
        JsonNode problem = assertRefused(send(write, body), "UnknownField", MARKER);
        assertThat(problem.path("detail").asText())
                .contains("'" + write.jsonPath + "temporaryPasswordValidityDays'");
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void policyThatIsNoObjectThenRefusedAndNothingAppended(Write write) {
        String code = write == Write.CREATE_POOL ? "InvalidFieldValue" : "MalformedJson";
        assertRefused(send(write, "[\"" + MARKER + "\"]"), code, MARKER);
        assertRefused(send(write, "\"" + MARKER + "\""), code, MARKER);
        assertRefused(send(write, "8"), code, MARKER);
    }

    @Test
    void putWithoutBodyThenMalformedJsonAndNothingAppended() {
        JsonNode problem = assertRefused(admin.send("PUT", policyPath(badInputTarget), "", "application/json"),
                "MalformedJson", MARKER);
        assertThat(problem.path("detail").asText()).contains("body is required");
        assertRefused(admin.send("PUT", policyPath(badInputTarget), "null", "application/json"), "MalformedJson",
                MARKER);
    }

    @Test
    void putTruncatedOrDuplicatedThenMalformedJsonAndNothingAppended() {
        assertRefused(admin.put(policyPath(badInputTarget), STRICT.substring(0, STRICT.length() - 1)), "MalformedJson",
                MARKER);
        assertRefused(admin.put(policyPath(badInputTarget), STRICT.replace("}", ",\"minimumLength\":12}")),
                "MalformedJson", MARKER);
    }
}
