package com.authledger.api.rest;

import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.pool.api.PoolDeleted;
import com.authledger.pool.read.PoolMfaConfigProjection;
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
import java.util.List;
import java.util.Map;

import static com.authledger.api.rest.RestFixtures.POOLS;
import static com.authledger.api.rest.RestFixtures.TOTP_ON;
import static com.authledger.api.rest.RestFixtures.assertProblem;
import static com.authledger.api.rest.RestFixtures.config;
import static com.authledger.api.rest.RestFixtures.mfaConfigPath;
import static com.authledger.api.rest.SignInFixtures.client;
import static com.authledger.api.rest.SignInFixtures.confirmedUser;
import static com.authledger.api.rest.SignInFixtures.initiate;
import static com.authledger.api.rest.SignInFixtures.pool;
import static com.authledger.api.rest.SignInFixtures.tokens;
import static com.authledger.api.rest.UserFixtures.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/** DELETE /api/v1/pools/{poolId}: the pool is gone everywhere, its users' secrets shredded, its deletion audited. */
@IntegrationTest
class PoolDeletionApiTest {

    @LocalServerPort
    int port;

    @Autowired
    DevelopmentOutbox outbox;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    EventStore eventStore;

    private TestApi admin;
    private EventStoreProbe events;

    @BeforeEach
    void setUp() {
        admin = TestApi.admin(port);
        events = new EventStoreProbe(jdbc);
        clock.advance(Duration.ofMinutes(1));
    }

    private long dataKeys(String ownerId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM data_key WHERE owner_id = ?", Long.class, ownerId);
    }

    @Test
    void deleteWhenPoolHasClientAndUserThenGoneEverywhereSecretsShreddedAndDeletionAudited() {
        String poolId = pool(admin, "Doomed", "OPTIONAL", TOTP_ON);
        String clientId = client(admin, poolId);
        String sub = confirmedUser(admin, poolId, "olga").path("sub").asText();
        String accessToken = tokens(initiate(admin, poolId, clientId, "olga", PASSWORD)).path("accessToken").asText();
        TestApi me = TestApi.withKey(port, accessToken);
        assertThat(me.get("/api/v1/me").status()).isEqualTo(200);
        assertThat(dataKeys(sub)).isEqualTo(1);
        long before = events.eventCount();

        TestApi.Response deleted = admin.header("X-Reason", "tenant left").send("DELETE", POOLS + "/" + poolId,
                null, null);

        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertThat(events.typesAfter(before)).containsExactly(PoolDeleted.class.getName());
        assertThat(dataKeys(sub)).as("the user's data key is shredded").isZero();
        List<String> kids = jdbc.queryForList("SELECT kid FROM signing_key WHERE pool_id = ?", String.class, poolId);
        assertThat(kids).as("the pool signed a token").isNotEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM signing_key WHERE pool_id = ? AND retired_at IS NULL",
                Long.class, poolId)).as("its signing keys are retired").isZero();
        assertThat(kids).allSatisfy(kid -> assertThat(dataKeys("signing-key:" + kid))
                .as("the private half of %s is shredded", kid).isZero());
        assertProblem(TestApi.anonymous(port).get("/" + poolId + "/.well-known/jwks.json"), 404, "PoolNotFound");
        assertProblem(admin.get(POOLS + "/" + poolId), 404, "PoolNotFound");
        assertProblem(admin.get(mfaConfigPath(poolId)), 404, "PoolNotFound");
        assertProblem(admin.get(mfaConfigPath(poolId) + "?asOf=" + clock.instant().minusSeconds(30)), 404,
                "PoolNotFound");
        assertProblem(admin.get(POOLS + "/" + poolId + "/password-policy"), 404, "PoolNotFound");
        assertProblem(admin.put(mfaConfigPath(poolId), config("OFF")), 404, "PoolNotFound");
        assertProblem(admin.get(POOLS + "/" + poolId + "/clients/" + clientId), 404, "PoolNotFound");
        assertProblem(admin.get(UserFixtures.user(poolId, "olga")), 404, "PoolNotFound");
        assertProblem(initiate(admin, poolId, clientId, "olga", PASSWORD), 404, "PoolNotFound");
        // the user's access token, still unexpired and well signed, speaks for no one any more
        assertProblem(me.get("/api/v1/me"), 401, "InvalidToken");
        JsonNode listed = admin.get(POOLS + "?pageSize=200").json().path("items");
        assertThat(listed.findValuesAsText("poolId")).doesNotContain(poolId);

        JsonNode trail = admin.get("/api/v1/audit/mfa-config?poolId=" + poolId).json().path("items");
        assertThat(trail.findValuesAsText("change")).containsExactly("PoolCreated", "UserRegistered",
                "PasswordChanged", "PoolDeleted");
        JsonNode deletion = trail.get(3);
        assertThat(deletion.path("scope").asText()).isEqualTo("pool");
        assertThat(deletion.path("actor").asText()).isEqualTo("apikey:test-admin");
        assertThat(deletion.path("reason").asText()).isEqualTo("tenant left");
        assertThat(deletion.path("before").path("mfaMode").asText()).isEqualTo("OPTIONAL");
        assertThat(deletion.has("after")).isFalse();
        assertThat(events.eventCount()).isEqualTo(before + 1);
    }

    @Test
    void deleteWhenAlreadyDeletedOrUnknownOrMalformedThenRefusedAndNothingAppended() {
        String poolId = pool(admin, "Twice", "OFF");
        assertThat(admin.send("DELETE", POOLS + "/" + poolId, null, null).status()).isEqualTo(204);
        long before = events.eventCount();

        JsonNode again = assertProblem(admin.send("DELETE", POOLS + "/" + poolId, null, null), 404, "PoolNotFound");
        assertThat(again.toString()).doesNotContain(poolId);
        assertProblem(admin.send("DELETE", POOLS + "/us-east-1_Zz9Zz9Zz9", null, null), 404, "PoolNotFound");
        assertProblem(admin.send("DELETE", POOLS + "/not-a-pool-id", null, null), 400, "InvalidParameter");
        String other = pool(admin, "Guarded", "OFF");
        long afterCreate = events.eventCount();
        assertProblem(TestApi.auditor(port).send("DELETE", POOLS + "/" + other, null, null), 403, "Forbidden");
        assertThat(admin.get(POOLS + "/" + other).status()).isEqualTo(200);

        assertThat(events.eventCount()).isEqualTo(afterCreate).isEqualTo(before + 1);
    }

    @Test
    void replayAfterDeletionRebuildsTheSameReadModels() {
        String poolId = pool(admin, "Replayed deletion", "OPTIONAL", TOTP_ON);
        assertThat(admin.put(mfaConfigPath(poolId), config("OFF", TOTP_ON)).status()).isEqualTo(200);
        assertThat(admin.send("DELETE", POOLS + "/" + poolId, null, null).status()).isEqualTo(204);
        String processor = PoolMfaConfigProjection.PROCESSING_GROUP;
        ProjectionsCaughtUp.await(processing, eventStore, processor);
        List<Map<String, Object>> versions = jdbc.queryForList(
                "SELECT * FROM pool_mfa_config_version WHERE pool_id = ? ORDER BY version", poolId);
        List<Map<String, Object>> audit = jdbc.queryForList("SELECT event_id, change_type, version, before_config, "
                + "after_config FROM mfa_config_audit WHERE pool_id = ? ORDER BY version", poolId);
        assertThat(versions).hasSize(2).allSatisfy(row -> assertThat(row.get("VALID_TO")).isNotNull());
        assertThat(audit).hasSize(3);

        ProjectionsCaughtUp.replay(processing, eventStore, processor, Duration.ofSeconds(60));

        assertThat(jdbc.queryForList("SELECT * FROM pool_mfa_config_version WHERE pool_id = ? ORDER BY version",
                poolId)).isEqualTo(versions);
        assertThat(jdbc.queryForList("SELECT event_id, change_type, version, before_config, after_config "
                + "FROM mfa_config_audit WHERE pool_id = ? ORDER BY version", poolId)).isEqualTo(audit);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM pool WHERE pool_id = ?", Long.class, poolId)).isZero();
    }

    /**
     * A sign-in in progress when its pool is deleted is refused at its next step, whatever the factor, with no
     * tokens and nothing appended: never a 500, never a token signed with the deleted pool's key.
     */
    @Test
    void aSignInInProgressWhenItsPoolIsDeletedIsRefusedAtItsNextStep() {
        String poolId = SignInFixtures.smsAndTotpPool(admin, "Deleted mid sign-in");
        String clientId = client(admin, poolId);
        String secret = SignInFixtures.totpUser(admin, clock, poolId, "tess");
        SignInFixtures.smsUser(admin, poolId, "sam", "+15555550440");
        String totpSession = SignInFixtures.challenge(initiate(admin, poolId, clientId, "tess", PASSWORD),
                "SOFTWARE_TOKEN_MFA");
        String smsSession = SignInFixtures.challenge(initiate(admin, poolId, clientId, "sam", PASSWORD), "SMS_MFA");
        String smsCode = SignInFixtures.smsCode(outbox, "+15555550440", 0);
        assertThat(admin.send("DELETE", POOLS + "/" + poolId, null, null).status()).isEqualTo(204);
        long before = events.eventCount();

        assertProblem(SignInFixtures.respond(admin, poolId, clientId, "SOFTWARE_TOKEN_MFA", totpSession,
                SignInFixtures.totpAnswer(SignInFixtures.totpCode(clock, secret))), 404, "PoolNotFound");
        assertProblem(SignInFixtures.respond(admin, poolId, clientId, "SMS_MFA", smsSession,
                "{\"SMS_MFA_CODE\":\"" + smsCode + "\"}"), 404, "PoolNotFound");

        assertThat(events.eventCount()).as("nothing appended").isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM signing_key WHERE pool_id = ?", Long.class, poolId))
                .as("no key was made for the deleted pool").isZero();
    }
}
