package com.authledger.infra;

import com.authledger.pool.PasswordPolicy;
import com.authledger.pool.PoolContext;
import com.authledger.pool.PoolDirectory;
import com.authledger.pool.UserPool;
import com.authledger.pool.api.PoolCreated;
import com.authledger.pool.api.PoolPasswordPolicyChanged;
import com.authledger.pool.read.PoolMfaConfigProjection;
import com.authledger.support.IntegrationTest;
import com.authledger.support.ProjectionsCaughtUp;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pools whose events (and snapshots) were stored before pools had a password policy: a PoolCreated without
 * {@code passwordPolicy}, a UserPool snapshot without the policy's fields. They still load, in the aggregate, the
 * projection and the directory, and they have the default policy until it is changed; the snapshot, stored before
 * snapshots carried a revision, is passed over.
 */
@IntegrationTest
class PoolsFromBeforePasswordPoliciesTest {

    private static final String OCCURRED_AT = "2026-01-15T10:00:00Z";

    /** A PoolCreated exactly as the event serializer wrote it before the passwordPolicy component existed. */
    private static String oldPoolCreated(String poolId) {
        return """
                {"poolId":"%s","name":"Legacy pool","mfa":{"mode":"OPTIONAL","smsEnabled":false,\
                "smsMessage":"Your authentication code is {####}.","totpEnabled":true,"adaptiveEnabled":false},\
                "autoVerifiedAttributes":["email"],"verificationSmsMessage":"Your verification code is {####}.",\
                "verificationEmailMessage":"Your verification code is {####}.","occurredAt":"%s"}\
                """.formatted(poolId, OCCURRED_AT);
    }

    /** A UserPool snapshot as the serializer wrote it before the aggregate held a password policy. */
    private static String oldSnapshot(String poolId) {
        return """
                {"poolId":"%s","name":"Legacy pool","createdAt":"%s","verification":{"autoVerifiedAttributes":\
                ["email"],"smsMessage":"Your verification code is {####}.","emailMessage":\
                "Your verification code is {####}."},"mfa":{"mode":"OPTIONAL","sms":{"enabled":false,\
                "message":"Your authentication code is {####}."},"totpEnabled":true,"adaptiveEnabled":false},\
                "mfaConfiguredAt":"%s","version":0}\
                """.formatted(poolId, OCCURRED_AT, OCCURRED_AT);
    }

    private static final String STRICT = "{\"minimumLength\":14,\"requireUppercase\":true,"
            + "\"requireLowercase\":true,\"requireNumbers\":true,\"requireSymbols\":true}";
    private static final String DEFAULTS = "{\"minimumLength\":8,\"requireUppercase\":true,"
            + "\"requireLowercase\":true,\"requireNumbers\":true,\"requireSymbols\":true}";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;
    @Autowired
    Serializer snapshotSerializer;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    EventStore eventStore;
    @Autowired
    PoolDirectory directory;

    private TestApi admin() {
        return TestApi.admin(port);
    }

    /** The columns a row of today's store has, taken from a pool created through the API. */
    private Map<String, Object> referenceRow() {
        TestApi.Response created = admin().post("/api/v1/pools",
                "{\"name\":\"Reference\",\"mfaMode\":\"OFF\"}");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return jdbc.queryForMap("SELECT type, meta_data, payload_revision, payload FROM domain_event_entry "
                + "WHERE aggregate_identifier = ?", created.json().path("poolId").asText());
    }

    private void insertOldEvent(String poolId, Map<String, Object> reference) {
        jdbc.update("INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier, "
                        + "meta_data, payload, payload_revision, payload_type, time_stamp) "
                        + "VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?)",
                poolId, reference.get("type"), UUID.randomUUID().toString(), reference.get("meta_data"),
                oldPoolCreated(poolId).getBytes(StandardCharsets.UTF_8), reference.get("payload_revision"),
                PoolCreated.class.getName(), OCCURRED_AT);
    }

    private void insertOldSnapshot(String poolId, Map<String, Object> reference) {
        jdbc.update("INSERT INTO snapshot_event_entry (aggregate_identifier, sequence_number, type, event_identifier, "
                        + "meta_data, payload, payload_revision, payload_type, time_stamp) "
                        + "VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?)",
                poolId, reference.get("type"), UUID.randomUUID().toString(), reference.get("meta_data"),
                oldSnapshot(poolId).getBytes(StandardCharsets.UTF_8), reference.get("payload_revision"),
                UserPool.class.getName(), OCCURRED_AT);
    }

    @Test
    void theEventSerializerReadsAnOldPoolCreatedWithoutAPolicy() {
        PoolCreated event = eventSerializer.deserialize(new SimpleSerializedObject<>(
                oldPoolCreated("us-east-1_Legacy000").getBytes(StandardCharsets.UTF_8), byte[].class,
                PoolCreated.class.getName(), null));

        assertThat(event.passwordPolicy()).isNull();
        assertThat(event.poolId()).isEqualTo("us-east-1_Legacy000");
        assertThat(event.mfa().totpEnabled()).isTrue();
        assertThat(event.autoVerifiedAttributes()).containsExactly("email");
        assertThat(event.occurredAt()).hasToString(OCCURRED_AT);
    }

    @Test
    void todaysEventsHoldThePolicy() {
        String stored = new String((byte[]) referenceRow().get("payload"), StandardCharsets.UTF_8);
        assertThat(stored).contains("\"passwordPolicy\":{\"minimumLength\":8,\"requireUppercase\":true,"
                + "\"requireLowercase\":true,\"requireNumbers\":true,\"requireSymbols\":true}");
    }

    @Test
    void anOldPoolHasTheDefaultsEverywhereAndItsPolicyCanBeChanged() {
        String poolId = "us-east-1_Legacy001";
        insertOldEvent(poolId, referenceRow());
        ProjectionsCaughtUp.await(processing, eventStore, PoolMfaConfigProjection.PROCESSING_GROUP);

        assertThat(admin().get("/api/v1/pools/" + poolId + "/password-policy").json().toString()).isEqualTo(DEFAULTS);
        JsonNode pool = admin().get("/api/v1/pools/" + poolId).json();
        assertThat(pool.path("passwordPolicy").toString()).isEqualTo(DEFAULTS);
        assertThat(pool.path("name").asText()).isEqualTo("Legacy pool");
        PoolContext context = directory.pool(poolId).orElseThrow();
        assertThat(context.passwordPolicy()).isEqualTo(PasswordPolicy.defaults());
        assertThat(context.supportsTotp()).isTrue();
        assertThat(context.verification().autoVerifiedAttributes()).containsExactly("email");

        assertChangeableFromTheDefaults(poolId);
    }

    /**
     * Snapshots stored before snapshots carried a revision are passed over (ADR 18): the pool is rebuilt from its
     * PoolCreated, with the defaults, and snapshotted afresh at its aggregate's revision when it is next due.
     */
    @Test
    void anOldSnapshotWithoutAPolicyIsPassedOverAndThePoolHasTheDefaults() {
        String poolId = "us-east-1_Legacy002";
        Map<String, Object> reference = referenceRow();
        insertOldEvent(poolId, reference);
        insertOldSnapshot(poolId, reference);
        ProjectionsCaughtUp.await(processing, eventStore, PoolMfaConfigProjection.PROCESSING_GROUP);

        DomainEventStream stream = eventStore.readEvents(poolId);
        DomainEventMessage<?> first = stream.next();
        assertThat(first.getPayload()).isInstanceOf(PoolCreated.class);
        assertThat(first.getPayload()).extracting("poolId", "passwordPolicy").containsExactly(poolId, null);
        assertThat(stream.hasNext()).isFalse();

        assertChangeableFromTheDefaults(poolId);
    }

    /** Setting the defaults appends nothing; another policy is a change at the next sequence number. */
    private void assertChangeableFromTheDefaults(String poolId) {
        String path = "/api/v1/pools/" + poolId + "/password-policy";
        TestApi.Response same = admin().put(path, DEFAULTS);
        assertThat(same.status()).as("%s", same).isEqualTo(200);
        assertThat(sequenceNumbers(poolId)).containsExactly(0L);

        TestApi.Response changed = admin().put(path, STRICT);
        assertThat(changed.status()).as("%s", changed).isEqualTo(200);
        assertThat(changed.json().toString()).isEqualTo(STRICT);
        assertThat(sequenceNumbers(poolId)).containsExactly(0L, 1L);
        assertThat(jdbc.queryForObject("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND sequence_number = 1", String.class, poolId))
                .isEqualTo(PoolPasswordPolicyChanged.class.getName());
        assertThat(admin().get(path).json().toString()).isEqualTo(STRICT);
        assertThat(directory.pool(poolId).orElseThrow().passwordPolicy())
                .isEqualTo(new PasswordPolicy(14, true, true, true, true));
        assertThat(admin().get("/api/v1/pools/" + poolId + "/mfa-config").header("ETag")).isEqualTo("\"0\"");
    }

    private List<Long> sequenceNumbers(String poolId) {
        return jdbc.queryForList("SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "ORDER BY sequence_number", Long.class, poolId);
    }
}
