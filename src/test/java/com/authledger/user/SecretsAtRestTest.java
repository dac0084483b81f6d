package com.authledger.user;

import com.authledger.api.rest.UserFixturesAccess;
import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.infra.StoredForms;
import com.authledger.secrets.DataKeyVault;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.ProjectionsCaughtUp;
import com.authledger.support.TestApi;
import com.authledger.user.factor.Totp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No secret and no personal number in plaintext anywhere: a full scenario, then every table, every event and
 * snapshot payload, and the log are searched for the plaintexts. And deleting a user shreds its data key: its sealed
 * values no longer open, while its audit history stays readable.
 */
@IntegrationTest
@TestPropertySource(properties = "authledger.user-snapshot-threshold=4")
@ExtendWith(OutputCaptureExtension.class)
class SecretsAtRestTest {

    private static final String PASSWORD = "Plain-Text-Pass-1";
    private static final String NEW_PASSWORD = "Other-Plain-Pass-2";
    private static final String PHONE = "+15555550177";
    private static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();
    private static final String EMAIL = "secret.person@example.org";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DevelopmentOutbox outbox;

    @Autowired
    MutableClock clock;

    @Autowired
    DataKeyVault vault;

    @Test
    void noPlaintextSecretOrNumberIsStoredOrLogged(CapturedOutput output) {
        TestApi api = TestApi.admin(port);
        // a number of its own each time: the outbox keeps the messages of earlier runs in this context
        String phone = "+155555502" + String.format("%02d", RUNS.incrementAndGet());
        String poolId = UserFixturesAccess.smsAndTotpPool(api);
        String users = "/api/v1/pools/" + poolId + "/users";
        List<String> plaintexts = new ArrayList<>(List.of(PASSWORD, NEW_PASSWORD, phone, phone.substring(1), EMAIL));

        assertThat(api.post(users, "{\"username\":\"secretive\",\"temporaryPassword\":\"" + PASSWORD
                + "\",\"phoneNumber\":\"" + phone + "\",\"email\":\"" + EMAIL + "\"}").status()).isEqualTo(201);
        String user = users + "/secretive";
        api.post(user + "/attribute-verification-code", "{\"attribute\":\"phone_number\"}");
        String phoneCode = UserFixturesAccess.awaitCode(outbox, phone, "VERIFY_PHONE_NUMBER");
        plaintexts.add(phoneCode);
        api.post(user + "/verify-attribute", "{\"attribute\":\"phone_number\",\"code\":\"" + phoneCode + "\"}");
        api.post(user + "/attribute-verification-code", "{\"attribute\":\"email\"}");
        String emailCode = UserFixturesAccess.awaitCode(outbox, EMAIL, "VERIFY_EMAIL");
        plaintexts.add(emailCode);
        api.post(user + "/verify-attribute", "{\"attribute\":\"email\",\"code\":\"" + emailCode + "\"}");
        String secret = api.post(user + "/software-token", null).json().path("secretCode").asText();
        plaintexts.add(secret);
        String totpCode = new Totp().codeAt(secret, Totp.step(clock.instant()));
        plaintexts.add(totpCode);
        api.post(user + "/software-token/verify", "{\"userCode\":\"" + totpCode + "\"}");
        api.put(user + "/mfa-preference", "{\"softwareToken\":{\"enabled\":true,\"preferred\":true}}");
        api.post(user + "/recovery-codes", null).json().path("recoveryCodes").forEach(c -> plaintexts.add(c.asText()));
        api.post("/api/v1/pools/" + poolId + "/forgot-password", "{\"username\":\"secretive\"}");
        String resetCode = UserFixturesAccess.awaitCode(outbox, phone, "RESET_PASSWORD");
        plaintexts.add(resetCode);
        assertThat(api.post("/api/v1/pools/" + poolId + "/confirm-forgot-password", "{\"username\":\"secretive\","
                + "\"code\":\"" + resetCode + "\",\"password\":\"" + NEW_PASSWORD + "\"}").status()).isEqualTo(204);
        ProjectionsCaughtUp.until(Duration.ofSeconds(10), () -> api.get(user + "/mfa-history").body()
                .contains("RESET_WITH_CODE"), () -> "the reset did not reach the audit trail");

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM snapshot_event_entry", Long.class))
                .as("the scenario is long enough to snapshot the user").isPositive();
        String stored = everythingStored();
        assertThat(stored).contains("secretive");
        for (String plaintext : plaintexts) {
            assertThat(stored).as("the database holds a plaintext").doesNotContain(plaintext);
            assertThat(output.getAll()).as("the log holds a plaintext").doesNotContain(plaintext);
        }
    }

    /**
     * A User snapshot reads back as the state it was taken from: every field (maps of records, a list holding
     * nulls) survives the snapshot serializer. (A snapshot that fails to load is only logged by Axon, which then
     * rebuilds from events, so this would otherwise go unnoticed.)
     */
    @Test
    void aUserSnapshotReadsBackExactly(CapturedOutput output) throws Exception {
        noPlaintextSecretOrNumberIsStoredOrLogged(output);
        List<Map<String, Object>> snapshots = jdbc.queryForList("SELECT payload, payload_revision FROM "
                + "snapshot_event_entry WHERE payload_type = ?", User.class.getName());
        assertThat(snapshots).isNotEmpty();
        ObjectMapper json = new ObjectMapper();
        org.axonframework.serialization.Serializer snapshotSerializer = StoredForms.snapshotSerializer();
        for (Map<String, Object> snapshot : snapshots) {
            byte[] payload = (byte[]) snapshot.get("PAYLOAD");
            assertThat(snapshot.get("PAYLOAD_REVISION")).isEqualTo("3");
            User user = snapshotSerializer.deserialize(new org.axonframework.serialization.SimpleSerializedObject<>(
                    payload, byte[].class, User.class.getName(), "3"));
            byte[] again = snapshotSerializer.serialize(user, byte[].class).getData();
            assertThat(json.readTree(again)).isEqualTo(json.readTree(payload));
            assertThat(json.readTree(payload).at("/recoveryCodes/macs")).hasSize(10);
        }
        assertThat(output.getAll()).doesNotContain("Error reading snapshot");
    }

    @Test
    void deletingAUserShredsItsSecretsWhileItsAuditHistoryStaysReadable() throws Exception {
        TestApi api = TestApi.admin(port);
        String poolId = UserFixturesAccess.smsAndTotpPool(api);
        JsonNode created = api.post("/api/v1/pools/" + poolId + "/users", "{\"username\":\"leaving\","
                + "\"temporaryPassword\":\"" + PASSWORD + "\",\"phoneNumber\":\"" + PHONE + "\","
                + "\"phoneNumberVerified\":true}").json();
        String sub = created.path("sub").asText();
        JsonNode registered = payload(sub, "UserRegistered");
        JsonNode phone = payload(sub, "ContactChanged");
        assertThat(vault.open(sub, "phone_number", phone.path("sealedValue").asText())).isEqualTo(PHONE);

        assertThat(api.send("DELETE", "/api/v1/pools/" + poolId + "/users/leaving", null, null).status())
                .isEqualTo(204);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM data_key WHERE owner_id = ?", Long.class, sub))
                .isZero();
        assertThatThrownBy(() -> vault.open(sub, "phone_number", phone.path("sealedValue").asText()))
                .isInstanceOf(DataKeyVault.KeyShredded.class);
        assertThatThrownBy(() -> vault.open(sub, "password", registered.path("sealedVerifier").asText()))
                .isInstanceOf(DataKeyVault.KeyShredded.class);
        JsonNode history = api.get("/api/v1/pools/" + poolId + "/mfa-config/history").json().path("items");
        assertThat(history.toString()).contains("UserRegistered", "PhoneNumberChanged", "UserDeleted", "leaving");
    }

    private JsonNode payload(String sub, String type) throws Exception {
        byte[] bytes = jdbc.queryForObject("SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND payload_type LIKE ? ORDER BY sequence_number FETCH FIRST 1 ROWS ONLY", byte[].class, sub,
                "%$" + type);
        return new ObjectMapper().readTree(bytes);
    }

    /** Every value of every table, event and snapshot payloads included, as text. */
    private String everythingStored() {
        StringBuilder all = new StringBuilder();
        List<String> tables = jdbc.queryForList("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
                + "WHERE TABLE_SCHEMA = 'PUBLIC'", String.class);
        assertThat(tables).contains("DOMAIN_EVENT_ENTRY", "SNAPSHOT_EVENT_ENTRY", "USER_ACCOUNT", "MFA_CONFIG_AUDIT",
                "USERNAME_CLAIM", "DATA_KEY", "TOKEN_ENTRY");
        for (String table : tables) {
            for (Map<String, Object> row : jdbc.queryForList("SELECT * FROM \"" + table + "\"")) {
                for (Object value : row.values()) {
                    all.append(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value)
                            .append('\n');
                }
            }
        }
        return all.toString();
    }
}
