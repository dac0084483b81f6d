package com.authledger.infra;

import com.authledger.pool.api.PoolPasswordPolicyChanged;
import com.authledger.pool.read.PoolMfaConfigProjection;
import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.ProjectionsCaughtUp;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool-mfa-config read models (pool, pool_mfa_config_version, mfa_config_audit) are a pure function of the event
 * store: replaying the processor from the start empties them through the reset handlers and rebuilds them row for
 * row, audit metadata (actor, address, user agent, request id, reason), password policies and positions included.
 */
@IntegrationTest
class ProjectionReplayTest {

    private static final String PROCESSOR = PoolMfaConfigProjection.PROCESSING_GROUP;
    private static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(60);

    private static final String SENDER = """
            "smsSender":{"credentialsRef":"arn:aws:iam::123456789012:role/authledger-sms","externalId":"ext-1",\
            "region":"us-east-1"}""";
    private static final String TOTP = "{\"mfaMode\":\"OPTIONAL\",\"totpMfa\":{\"enabled\":true}}";
    private static final String SMS_AND_TOTP = "{\"mfaMode\":\"OPTIONAL\",\"smsMfa\":{\"enabled\":true,"
            + "\"message\":\"Your code is {####}\"},\"totpMfa\":{\"enabled\":true}," + SENDER + "}";
    private static final String TOTP_WITH_SENDER = "{\"mfaMode\":\"OPTIONAL\",\"totpMfa\":{\"enabled\":true},"
            + SENDER + "}";
    private static final String SMS_ONLY = "{\"mfaMode\":\"OPTIONAL\",\"smsMfa\":{\"enabled\":true}," + SENDER + "}";
    private static final String ADAPTIVE = "{\"mfaMode\":\"OPTIONAL\",\"totpMfa\":{\"enabled\":true},"
            + "\"adaptiveAuthentication\":{\"enabled\":true}}";
    private static final String OFF = "{\"mfaMode\":\"OFF\"}";
    private static final String REQUIRED_TOTP = "{\"mfaMode\":\"REQUIRED\",\"totpMfa\":{\"enabled\":true}}";

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

    private TestApi admin() {
        return TestApi.admin(port).header("User-Agent", "replay-test/1.0");
    }

    private String createPool(String name, String mfaJson, String verificationJson) {
        String body = "{\"name\":\"" + name + "\"," + mfaJson.substring(1, mfaJson.length() - 1)
                + (verificationJson == null ? "" : ",\"verification\":" + verificationJson) + "}";
        TestApi.Response created = admin().header("X-Reason", "create " + name).post("/api/v1/pools", body);
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return created.json().path("poolId").asText();
    }

    private JsonNode change(String poolId, String mfaJson, int step) {
        clock.advance(Duration.ofMinutes(7).plusNanos(123_456_789L * step));
        TestApi.Response changed = admin().header("X-Reason", "step " + step + " of the replay test")
                .header("X-Request-Id", "replay-" + poolId + "-" + step)
                .header("X-Forwarded-For", "203.0.113." + step)
                .put("/api/v1/pools/" + poolId + "/mfa-config", mfaJson);
        assertThat(changed.status()).as("%s", changed).isEqualTo(200);
        assertThat(changed.json().path("changed").asBoolean()).isTrue();
        return changed.json();
    }

    private List<Map<String, Object>> rows(String sql) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> row : jdbc.queryForList(sql)) {
            Map<String, Object> copy = new LinkedHashMap<>();
            row.forEach((column, value) -> copy.put(column.toLowerCase(Locale.ROOT), value));
            rows.add(copy);
        }
        return rows;
    }

    private Map<String, List<Map<String, Object>>> readModels() {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        // listing_id and entry_id are assigned by the database as rows are inserted: a replay renumbers them.
        tables.put("pool", withoutColumn(rows("SELECT * FROM pool ORDER BY pool_id"), "listing_id"));
        tables.put("pool_mfa_config_version", rows("SELECT * FROM pool_mfa_config_version ORDER BY pool_id, version"));
        tables.put("mfa_config_audit", withoutColumn(rows("SELECT * FROM mfa_config_audit ORDER BY pool_id, version"),
                "entry_id"));
        return tables;
    }

    private static List<Map<String, Object>> withoutColumn(List<Map<String, Object>> rows, String column) {
        rows.forEach(row -> row.remove(column));
        return rows;
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    @Test
    void replayFromTheStartRebuildsTheReadModelsIdentically() {
        long eventsBefore = new EventStoreProbe(jdbc).eventCount();
        long poolsBefore = count("pool");
        String phone = "{\"autoVerifiedAttributes\":[\"phone_number\",\"email\"],"
                + "\"smsMessage\":\"Verify: {####}\",\"emailMessage\":\"<p>Your code is {####}</p>\"}";
        String first = createPool("Replay one", OFF, null);
        String second = createPool("Replay two", SMS_ONLY, phone);
        String third = createPool("Replay three", REQUIRED_TOTP, null);
        int step = 1;
        for (String mfa : List.of(TOTP, SMS_AND_TOTP, ADAPTIVE, TOTP, OFF)) {
            change(first, mfa, step++);
        }
        for (String mfa : List.of(SMS_AND_TOTP, TOTP_WITH_SENDER, SMS_ONLY)) {
            change(second, mfa, step++);
        }
        change(third, "{\"mfaMode\":\"REQUIRED\",\"totpMfa\":{\"enabled\":true},\"smsMfa\":{\"enabled\":true},"
                + SENDER + "}", step++);
        TestApi.Response refused = admin().put("/api/v1/pools/" + first + "/mfa-config", REQUIRED_TOTP);
        assertThat(refused.status()).isEqualTo(409);
        change(first, SMS_ONLY, step);

        ProjectionsCaughtUp.await(processing, eventStore, PROCESSOR);
        Map<String, List<Map<String, Object>>> before = readModels();
        long events = new EventStoreProbe(jdbc).eventCount();
        assertThat(events - eventsBefore).isEqualTo(3 + 5 + 3 + 1 + 1);
        assertThat(before.get("pool")).hasSize((int) poolsBefore + 3);
        // every event of the store but the password policy changes (another test's) is an MFA configuration
        long configurations = events - jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry "
                + "WHERE payload_type = ?", Long.class, PoolPasswordPolicyChanged.class.getName());
        assertThat(before.get("pool_mfa_config_version")).hasSize((int) configurations);
        assertThat(before.get("mfa_config_audit")).hasSize((int) configurations);
        assertThat(before.get("mfa_config_audit")).allSatisfy(row -> assertThat(row.get("actor"))
                .isEqualTo("apikey:test-admin"));

        // Rows no event stands behind: the reset handlers must remove them.
        jdbc.update("INSERT INTO pool (pool_id, name, created_at, auto_verified_attributes, "
                + "verification_sms_message, verification_email_message) "
                + "VALUES ('us-east-1_Stale0000', 'stale', CURRENT_TIMESTAMP, '', 'x {####}', 'x {####}')");
        jdbc.update("INSERT INTO mfa_config_audit (event_id, pool_id, scope, change_type, occurred_at, "
                + "actor, version, after_config) VALUES ('stale-event', 'us-east-1_Stale0000', 'pool', "
                + "'PoolCreated', CURRENT_TIMESTAMP, 'nobody', 0, '{}')");
        assertThat(readModels()).isNotEqualTo(before);

        ProjectionsCaughtUp.replay(processing, eventStore, PROCESSOR, REPLAY_TIMEOUT);

        Map<String, List<Map<String, Object>>> after = readModels();
        for (String table : before.keySet()) {
            assertThat(after.get(table)).as(table).containsExactlyElementsOf(before.get(table));
        }
        assertThat(new EventStoreProbe(jdbc).eventCount()).isEqualTo(events);
        StreamingEventProcessor processor = ProjectionsCaughtUp.processor(processing, PROCESSOR);
        assertThat(processor.isRunning()).isTrue();
        assertThat(processor.isReplaying()).isFalse();

        // The processor goes on after the replay: a new change is projected and read back.
        JsonNode latest = change(second, TOTP_WITH_SENDER, 99);
        TestApi.Response current = TestApi.auditor(port).get("/api/v1/pools/" + second + "/mfa-config");
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.json().path("version").asLong()).isEqualTo(latest.path("version").asLong()).isEqualTo(4);
        assertThat(current.json().path("validFrom").asText()).isEqualTo(latest.path("validFrom").asText());
        ProjectionsCaughtUp.await(processing, eventStore, PROCESSOR);
        assertThat(processor.isReplaying()).isFalse();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mfa_config_audit", Long.class))
                .isEqualTo(configurations + 1);
    }

    private void changePasswordPolicy(String poolId, int minimumLength, boolean symbols, int step) {
        clock.advance(Duration.ofMinutes(3).plusNanos(987_654_321L * step));
        TestApi.Response changed = admin().header("X-Reason", "policy step " + step)
                .put("/api/v1/pools/" + poolId + "/password-policy", "{\"minimumLength\":" + minimumLength
                        + ",\"requireUppercase\":true,\"requireLowercase\":true,\"requireNumbers\":" + (step % 2 == 0)
                        + ",\"requireSymbols\":" + symbols + "}");
        assertThat(changed.status()).as("%s", changed).isEqualTo(200);
    }

    /**
     * Password policy changes take sequence numbers between MFA configurations: the version rows still chain (each
     * closed when the next configuration starts), the audit trail's before is the previous configuration, and the
     * replay, which starts without the audit projection's remembered configurations, rebuilds the same rows.
     */
    @Test
    void replayWithPasswordPolicyChangesBetweenConfigurationsRebuildsIdentically() {
        String poolId = createPool("Replay policies", TOTP, null);
        String quiet = createPool("Replay policy only", OFF, null);
        changePasswordPolicy(poolId, 12, true, 1);
        change(poolId, SMS_AND_TOTP, 2);
        changePasswordPolicy(poolId, 10, false, 3);
        changePasswordPolicy(poolId, 9, false, 4);
        change(poolId, TOTP_WITH_SENDER, 5);
        change(poolId, OFF, 6);
        changePasswordPolicy(poolId, 20, true, 7);
        changePasswordPolicy(quiet, 6, false, 8);

        ProjectionsCaughtUp.await(processing, eventStore, PROCESSOR);
        Map<String, List<Map<String, Object>>> before = readModels();
        assertThat(jdbc.queryForList("SELECT version FROM pool_mfa_config_version WHERE pool_id = ? ORDER BY version",
                Long.class, poolId)).containsExactly(0L, 2L, 5L, 6L);
        List<Map<String, Object>> versions = rows("SELECT version, valid_from, valid_to FROM pool_mfa_config_version "
                + "WHERE pool_id = '" + poolId + "' ORDER BY version");
        for (int i = 0; i < versions.size() - 1; i++) {
            assertThat(versions.get(i).get("valid_to")).as("version %s", versions.get(i).get("version"))
                    .isNotNull().isEqualTo(versions.get(i + 1).get("valid_from"));
        }
        assertThat(versions.get(versions.size() - 1).get("valid_to")).isNull();
        List<Map<String, Object>> audit = rows("SELECT version, before_config, after_config FROM mfa_config_audit "
                + "WHERE pool_id = '" + poolId + "' ORDER BY version");
        assertThat(audit).extracting(row -> ((Number) row.get("version")).longValue()).containsExactly(0L, 2L, 5L, 6L);
        assertThat(audit.get(0).get("before_config")).isNull();
        for (int i = 1; i < audit.size(); i++) {
            assertThat(audit.get(i).get("before_config")).isEqualTo(audit.get(i - 1).get("after_config"));
        }
        assertThat(rows("SELECT password_minimum_length, password_require_symbols, password_policy_version FROM pool "
                + "WHERE pool_id = '" + poolId + "'")).containsExactly(Map.of("password_minimum_length", 20,
                "password_require_symbols", true, "password_policy_version", 7L));
        assertThat(rows("SELECT password_minimum_length, password_policy_version FROM pool WHERE pool_id = '" + quiet
                + "'")).containsExactly(Map.of("password_minimum_length", 6, "password_policy_version", 1L));

        ProjectionsCaughtUp.replay(processing, eventStore, PROCESSOR, REPLAY_TIMEOUT);

        Map<String, List<Map<String, Object>>> after = readModels();
        for (String table : before.keySet()) {
            assertThat(after.get(table)).as(table).containsExactlyElementsOf(before.get(table));
        }
    }

    @Test
    void replayOfAnUnchangedStoreIsIdempotent() {
        createPool("Replay twice", TOTP, null);
        ProjectionsCaughtUp.await(processing, eventStore, PROCESSOR);
        Map<String, List<Map<String, Object>>> before = readModels();

        ProjectionsCaughtUp.replay(processing, eventStore, PROCESSOR, REPLAY_TIMEOUT);
        Map<String, List<Map<String, Object>>> once = readModels();
        ProjectionsCaughtUp.replay(processing, eventStore, PROCESSOR, REPLAY_TIMEOUT);

        assertThat(once).isEqualTo(before);
        assertThat(readModels()).isEqualTo(before);
    }
}
