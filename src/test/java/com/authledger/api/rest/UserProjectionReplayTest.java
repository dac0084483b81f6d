package com.authledger.api.rest;

import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.ProjectionsCaughtUp;
import com.authledger.support.TestApi;
import com.authledger.user.factor.Totp;
import com.authledger.user.read.UserMfaStatusProjection;
import org.axonframework.config.EventProcessingConfiguration;
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

import static com.authledger.api.rest.UserFixtures.createUser;
import static com.authledger.api.rest.UserFixtures.user;
import static com.authledger.api.rest.UserFixtures.userWithVerifiedPhone;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The users' read models (user_account and the user-level audit entries) are a pure function of the event store,
 * and a replay rebuilds them without sending a single message again: codes and notices are sent by the command
 * handlers after commit, never by event handlers.
 */
@IntegrationTest
class UserProjectionReplayTest {

    private static final String PROCESSOR = UserMfaStatusProjection.PROCESSING_GROUP;

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
    @Autowired
    DevelopmentOutbox outbox;

    @Test
    void replayRebuildsTheUsersIdenticallyAndSendsNothing() {
        TestApi api = TestApi.admin(port).header("X-Reason", "replay test");
        String poolId = UserFixtures.smsAndTotpPool(api);
        userWithVerifiedPhone(api, outbox, poolId, "one", "+15555550130");
        api.put(user(poolId, "one") + "/mfa-preference", "{\"sms\":{\"enabled\":true,\"preferred\":true}}");
        api.put(user(poolId, "one") + "/phone-number", "{\"phoneNumber\":\"+15555550131\"}");
        createUser(api, poolId, "two", "\"email\":\"two@example.com\"", "\"emailVerified\":true");
        String secret = api.post(user(poolId, "two") + "/software-token", null).json().path("secretCode").asText();
        api.header(UserController.INITIATED_BY, "user").post(user(poolId, "two") + "/software-token/verify",
                "{\"userCode\":\"" + new Totp().codeAt(secret, Totp.step(clock.instant())) + "\"}");
        api.post(user(poolId, "two") + "/recovery-codes", null);
        api.post("/api/v1/pools/" + poolId + "/forgot-password", "{\"username\":\"one\"}");
        ProjectionsCaughtUp.until(Duration.ofSeconds(10), () -> api.get(user(poolId, "one") + "/mfa-history").body()
                .contains("PasswordResetRefused"), () -> "the reset request was not recorded");
        createUser(api, poolId, "three");
        api.send("DELETE", user(poolId, "three"), null, null);
        ProjectionsCaughtUp.await(processing, eventStore, PROCESSOR);
        ProjectionsCaughtUp.until(Duration.ofSeconds(10), () -> outbox.messages().size() >= 2, () -> "no messages");
        Map<String, List<Map<String, Object>>> before = readModels();
        int messages = outbox.messages().size();
        assertThat(before.get("user_account")).hasSize(2);
        assertThat(before.get("mfa_config_audit")).isNotEmpty();

        jdbc.update("UPDATE user_account SET sms_mfa_enabled = FALSE");
        ProjectionsCaughtUp.replay(processing, eventStore, PROCESSOR, Duration.ofSeconds(60));

        Map<String, List<Map<String, Object>>> after = readModels();
        for (String table : before.keySet()) {
            assertThat(after.get(table)).as(table).containsExactlyElementsOf(before.get(table));
        }
        assertThat(outbox.messages()).hasSize(messages);
        // the pool's own entries were left alone by the users' reset
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mfa_config_audit WHERE scope = 'pool'", Long.class))
                .isPositive();
    }

    private Map<String, List<Map<String, Object>>> readModels() {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        // listing_id and entry_id are assigned by the database as rows are inserted: a replay renumbers them
        tables.put("user_account", rows("SELECT * FROM user_account ORDER BY sub", "listing_id"));
        tables.put("mfa_config_audit", rows("SELECT * FROM mfa_config_audit WHERE scope = 'user' "
                + "ORDER BY user_sub, version", "entry_id"));
        return tables;
    }

    private List<Map<String, Object>> rows(String sql, String renumbered) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> row : jdbc.queryForList(sql)) {
            Map<String, Object> copy = new LinkedHashMap<>();
            row.forEach((column, value) -> copy.put(column.toLowerCase(Locale.ROOT), value));
            copy.remove(renumbered);
            rows.add(copy);
        }
        return rows;
    }
}
