package com.authledger.api.rest;

import com.authledger.client.AppClientVerifier;
import com.authledger.client.SecretHash;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static com.authledger.api.rest.RestFixtures.POOLS;
import static com.authledger.api.rest.RestFixtures.TOTP_ON;
import static com.authledger.api.rest.RestFixtures.assertProblem;
import static com.authledger.api.rest.RestFixtures.createPool;
import static com.authledger.api.rest.RestFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A pool's app clients through HTTP: create (with or without a secret, with Cognito's defaults), describe, list,
 * update (identical settings append nothing), delete; the secret shown to admins only and stored only sealed; every
 * bad input a 400 that appends nothing; and the SECRET_HASH check sign-in will use.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppClientApiTest {

    private static final String UNKNOWN_POOL = "us-east-1_Zz9Zz9Zz9";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AppClientVerifier verifier;

    private TestApi admin;
    private String poolId;

    @BeforeAll
    void createPoolForClients() {
        admin = TestApi.admin(port);
        poolId = createPool(admin, pool("Clients pool", "OPTIONAL", TOTP_ON));
    }

    private String clients() {
        return POOLS + "/" + poolId + "/clients";
    }

    private JsonNode create(String body) {
        TestApi.Response created = admin.post(clients(), body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    @Test
    void createWithDefaultsThenDescribeAndList() {
        TestApi.Response created = admin.post(clients(), "{\"name\":\"web app\"}");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode client = created.json();
        String clientId = client.path("clientId").asText();
        assertThat(clientId).matches("[a-z0-9]{26}");
        assertThat(created.header("Location")).isEqualTo(clients() + "/" + clientId);
        assertThat(client.path("poolId").asText()).isEqualTo(poolId);
        assertThat(client.path("name").asText()).isEqualTo("web app");
        assertThat(client.path("hasSecret").asBoolean()).isFalse();
        assertThat(client.has("clientSecret")).isFalse();
        assertThat(client.path("accessTokenValidityMinutes").asInt()).isEqualTo(60);
        assertThat(client.path("idTokenValidityMinutes").asInt()).isEqualTo(60);
        assertThat(client.path("refreshTokenValidityMinutes").asInt()).isEqualTo(43200);
        assertThat(client.path("authSessionValidityMinutes").asInt()).isEqualTo(3);
        assertThat(client.path("explicitAuthFlows").toString())
                .isEqualTo("[\"ALLOW_USER_SRP_AUTH\",\"ALLOW_REFRESH_TOKEN_AUTH\"]");
        assertThat(client.path("createdBy").asText()).startsWith("apikey:");

        TestApi.Response read = admin.get(clients() + "/" + clientId);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        JsonNode described = read.json();
        assertThat(described.path("name").asText()).isEqualTo("web app");
        assertThat(described.path("explicitAuthFlows")).isEqualTo(client.path("explicitAuthFlows"));
        assertThat(described.path("version").asLong()).isEqualTo(0);

        TestApi.Response listed = admin.get(clients());
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().path("items").findValuesAsText("clientId")).contains(clientId);
    }

    @Test
    void createWithSecretReturnsItToAdminsNotToAuditors() {
        JsonNode client = create("{\"name\":\"backend\",\"generateSecret\":true,\"accessTokenValidityMinutes\":5,"
                + "\"idTokenValidityMinutes\":1440,\"refreshTokenValidityMinutes\":60,"
                + "\"authSessionValidityMinutes\":15,\"explicitAuthFlows\":[\"ALLOW_ADMIN_USER_PASSWORD_AUTH\","
                + "\"ALLOW_USER_PASSWORD_AUTH\"]}");
        String clientId = client.path("clientId").asText();
        String secret = client.path("clientSecret").asText();
        assertThat(secret).matches("[a-z0-9]{51}");
        assertThat(client.path("hasSecret").asBoolean()).isTrue();
        assertThat(client.path("accessTokenValidityMinutes").asInt()).isEqualTo(5);
        assertThat(client.path("idTokenValidityMinutes").asInt()).isEqualTo(1440);
        assertThat(client.path("refreshTokenValidityMinutes").asInt()).isEqualTo(60);
        assertThat(client.path("authSessionValidityMinutes").asInt()).isEqualTo(15);
        assertThat(client.path("explicitAuthFlows").toString())
                .isEqualTo("[\"ALLOW_USER_PASSWORD_AUTH\",\"ALLOW_ADMIN_USER_PASSWORD_AUTH\"]");

        TestApi.Response byAdmin = admin.get(clients() + "/" + clientId);
        assertThat(byAdmin.json().path("clientSecret").asText()).isEqualTo(secret);

        TestApi.Response byAuditor = TestApi.auditor(port).get(clients() + "/" + clientId);
        assertThat(byAuditor.status()).as(byAuditor.toString()).isEqualTo(200);
        assertThat(byAuditor.json().has("clientSecret")).isFalse();
        assertThat(byAuditor.json().path("hasSecret").asBoolean()).isTrue();
        assertThat(byAuditor.body()).doesNotContain(secret);
        TestApi.Response listedByAuditor = TestApi.auditor(port).get(clients());
        assertThat(listedByAuditor.status()).isEqualTo(200);
        assertThat(listedByAuditor.body()).doesNotContain(secret);
        assertThat(admin.get(clients()).body()).doesNotContain(secret);
    }

    @Test
    void auditorsMayNotChangeClients() {
        String clientId = create("{\"name\":\"audited\"}").path("clientId").asText();
        TestApi auditor = TestApi.auditor(port);
        assertProblem(auditor.post(clients(), "{\"name\":\"nope\"}"), 403, "Forbidden");
        assertProblem(auditor.put(clients() + "/" + clientId, "{\"name\":\"nope\"}"), 403, "Forbidden");
        assertProblem(auditor.send("DELETE", clients() + "/" + clientId, null, null), 403, "Forbidden");
    }

    @Test
    void theSecretIsInNoTableAndNoEventInPlaintext() {
        JsonNode client = create("{\"name\":\"sealed\",\"generateSecret\":true}");
        String secret = client.path("clientSecret").asText();
        String clientId = client.path("clientId").asText();
        admin.put(clients() + "/" + clientId, "{\"name\":\"sealed renamed\"}");

        List<byte[]> payloads = jdbc.queryForList("SELECT payload FROM domain_event_entry", byte[].class);
        assertThat(payloads).isNotEmpty();
        for (byte[] payload : payloads) {
            assertThat(new String(payload, StandardCharsets.UTF_8)).doesNotContain(secret);
        }
        List<String> snapshots = jdbc.queryForList("SELECT payload FROM snapshot_event_entry", byte[].class)
                .stream().map(bytes -> new String(bytes, StandardCharsets.UTF_8)).toList();
        assertThat(snapshots).noneMatch(text -> text.contains(secret));
        for (String table : List.of("app_client", "data_key", "token_entry")) {
            for (Map<String, Object> row : jdbc.queryForList("SELECT * FROM " + table)) {
                for (Object value : row.values()) {
                    String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                            : String.valueOf(value);
                    assertThat(text).doesNotContain(secret);
                }
            }
        }
        String sealed = jdbc.queryForObject("SELECT sealed_client_secret FROM app_client WHERE client_id = ?",
                String.class, clientId);
        assertThat(sealed).isNotBlank().doesNotContain(secret);
    }

    @Test
    void updateReplacesTheSettingsKeepsTheSecretAndIdenticalAppendsNothing() {
        JsonNode client = create("{\"name\":\"mobile\",\"generateSecret\":true}");
        String path = clients() + "/" + client.path("clientId").asText();
        String secret = client.path("clientSecret").asText();
        String body = "{\"name\":\"mobile v2\",\"accessTokenValidityMinutes\":30,\"authSessionValidityMinutes\":10,"
                + "\"explicitAuthFlows\":[\"ALLOW_USER_SRP_AUTH\"]}";
        EventStoreProbe events = new EventStoreProbe(jdbc);

        long before = events.eventCount();
        TestApi.Response updated = admin.put(path, body);
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().path("changed").asBoolean()).isTrue();
        assertThat(updated.json().path("name").asText()).isEqualTo("mobile v2");
        assertThat(updated.json().path("version").asLong()).isEqualTo(1);
        assertThat(events.eventCount()).isEqualTo(before + 1);
        JsonNode read = admin.get(path).json();
        assertThat(read.path("accessTokenValidityMinutes").asInt()).isEqualTo(30);
        assertThat(read.path("idTokenValidityMinutes").asInt()).isEqualTo(60);
        assertThat(read.path("authSessionValidityMinutes").asInt()).isEqualTo(10);
        assertThat(read.path("explicitAuthFlows").toString()).isEqualTo("[\"ALLOW_USER_SRP_AUTH\"]");
        assertThat(read.path("clientSecret").asText()).isEqualTo(secret);

        TestApi.Response again = admin.put(path, body);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("changed").asBoolean()).isFalse();
        assertThat(events.eventCount()).isEqualTo(before + 1);

        // a GET sent back as the PUT body changes nothing
        TestApi.Response roundTrip = admin.put(path, read.toString());
        assertThat(roundTrip.status()).as(roundTrip.toString()).isEqualTo(200);
        assertThat(roundTrip.json().path("changed").asBoolean()).isFalse();
        assertThat(events.eventCount()).isEqualTo(before + 1);
    }

    @Test
    void deleteRemovesTheClientAndShredsItsKey() {
        String clientId = create("{\"name\":\"short lived\",\"generateSecret\":true}").path("clientId").asText();
        String path = clients() + "/" + clientId;
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM data_key WHERE owner_id = ?", Integer.class, clientId))
                .isEqualTo(1);

        TestApi.Response deleted = admin.send("DELETE", path, null, null);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertProblem(admin.get(path), 404, "AppClientNotFound");
        assertThat(admin.get(clients()).json().path("items").findValuesAsText("clientId")).doesNotContain(clientId);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM data_key WHERE owner_id = ?", Integer.class, clientId))
                .isZero();

        long before = new EventStoreProbe(jdbc).eventCount();
        assertProblem(admin.send("DELETE", path, null, null), 404, "AppClientNotFound");
        assertProblem(admin.put(path, "{\"name\":\"back\"}"), 404, "AppClientNotFound");
        assertThat(new EventStoreProbe(jdbc).eventCount()).isEqualTo(before);
    }

    @Test
    void unknownPoolOrClientIs404() {
        String clientId = create("{\"name\":\"mine\"}").path("clientId").asText();
        String otherPool = createPool(admin, pool("Other pool", "OFF"));
        long before = new EventStoreProbe(jdbc).eventCount();

        assertProblem(admin.post(POOLS + "/" + UNKNOWN_POOL + "/clients", "{\"name\":\"x\"}"), 404, "PoolNotFound");
        assertProblem(admin.get(POOLS + "/" + UNKNOWN_POOL + "/clients"), 404, "PoolNotFound");
        assertProblem(admin.get(POOLS + "/" + UNKNOWN_POOL + "/clients/" + clientId), 404, "PoolNotFound");
        assertProblem(admin.put(POOLS + "/" + UNKNOWN_POOL + "/clients/" + clientId, "{\"name\":\"x\"}"), 404,
                "PoolNotFound");
        assertProblem(admin.get(clients() + "/abcdefghijklmnopqrstuvwxyz"), 404, "AppClientNotFound");
        // a client is found only under its own pool
        String elsewhere = POOLS + "/" + otherPool + "/clients/" + clientId;
        assertProblem(admin.get(elsewhere), 404, "AppClientNotFound");
        assertProblem(admin.put(elsewhere, "{\"name\":\"x\"}"), 404, "AppClientNotFound");
        assertProblem(admin.send("DELETE", elsewhere, null, null), 404, "AppClientNotFound");
        assertThat(new EventStoreProbe(jdbc).eventCount()).isEqualTo(before);
        assertThat(admin.get(clients() + "/" + clientId).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"name\":\"x\",\"accessTokenValidityMinutes\":4}|InvalidParameter|accessTokenValidityMinutes",
            "{\"name\":\"x\",\"accessTokenValidityMinutes\":1441}|InvalidParameter|accessTokenValidityMinutes",
            "{\"name\":\"x\",\"idTokenValidityMinutes\":4}|InvalidParameter|idTokenValidityMinutes",
            "{\"name\":\"x\",\"idTokenValidityMinutes\":1441}|InvalidParameter|idTokenValidityMinutes",
            "{\"name\":\"x\",\"refreshTokenValidityMinutes\":59}|InvalidParameter|refreshTokenValidityMinutes",
            "{\"name\":\"x\",\"refreshTokenValidityMinutes\":5256001}|InvalidParameter|refreshTokenValidityMinutes",
            "{\"name\":\"x\",\"authSessionValidityMinutes\":2}|InvalidParameter|authSessionValidityMinutes",
            "{\"name\":\"x\",\"authSessionValidityMinutes\":16}|InvalidParameter|authSessionValidityMinutes",
            "{\"name\":\"x\",\"explicitAuthFlows\":[\"ALLOW_CUSTOM_AUTH\"]}|InvalidParameter|explicitAuthFlows",
            "{\"name\":\"x\",\"explicitAuthFlows\":[null]}|InvalidParameter|explicitAuthFlows",
            "{\"name\":\"\"}|InvalidParameter|name",
            "{\"name\":\"a/b\"}|InvalidParameter|name",
            "{}|InvalidParameter|name",
            "{\"name\":[\"x\"]}|InvalidFieldValue|name",
            "{\"name\":\"x\",\"accessTokenValidityMinutes\":\"60\"}|InvalidFieldValue|accessTokenValidityMinutes",
            "{\"name\":\"x\",\"accessTokenValidityMinutes\":60.5}|InvalidFieldValue|accessTokenValidityMinutes",
            "{\"name\":\"x\",\"generateSecret\":\"yes\"}|InvalidFieldValue|generateSecret",
            "{\"name\":\"x\",\"explicitAuthFlows\":\"ALLOW_USER_SRP_AUTH\"}|InvalidFieldValue|explicitAuthFlows",
            "{\"name\":\"x\",\"tokenValidity\":60}|UnknownField|tokenValidity",
    })
    void badCreateInputIs400NamingTheFieldAndAppendsNothing(String body, String code, String field) {
        EventStoreProbe events = new EventStoreProbe(jdbc);
        long before = events.eventCount();

        JsonNode problem = assertProblem(admin.post(clients(), body), 400, code);

        assertThat(problem.path("detail").asText()).contains(field);
        assertThat(events.eventCount()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"name\":\"x\",\"refreshTokenValidityMinutes\":0}",
            "{\"name\":\"x\",\"explicitAuthFlows\":[\"allow_user_srp_auth\"]}",
            "{\"name\":\"x\",\"generateSecret\":true}",
            "{\"name\":\"x\",\"authSessionValidityMinutes\":true}",
    })
    void badUpdateInputIs400AndAppendsNothing(String body) {
        String clientId = create("{\"name\":\"target\"}").path("clientId").asText();
        EventStoreProbe events = new EventStoreProbe(jdbc);
        long before = events.eventCount();

        TestApi.Response response = admin.put(clients() + "/" + clientId, body);

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void nameTooLongIs400AndAppendsNothing() {
        long before = new EventStoreProbe(jdbc).eventCount();
        JsonNode problem = assertProblem(admin.post(clients(), "{\"name\":\"" + "n".repeat(129) + "\"}"), 400,
                "InvalidParameter");
        assertThat(problem.path("detail").asText()).contains("name").contains("128");
        assertThat(new EventStoreProbe(jdbc).eventCount()).isEqualTo(before);
        assertThat(admin.post(clients(), "{\"name\":\"" + "n".repeat(128) + "\"}").status()).isEqualTo(201);
    }

    @Test
    void badClientIdInThePathIs400() {
        assertProblem(admin.get(clients() + "/not-a-client"), 400, "InvalidParameter");
    }

    @Test
    void verifierChecksTheSecretHashOnlyForClientsWithASecret() {
        JsonNode withSecret = create("{\"name\":\"confidential\",\"generateSecret\":true}");
        String clientId = withSecret.path("clientId").asText();
        String secret = withSecret.path("clientSecret").asText();
        String hash = SecretHash.compute(secret, "alice", clientId);

        assertThat(verifier.verify(poolId, clientId, "alice", hash).clientId()).isEqualTo(clientId);
        assertThat(verifier.verify(poolId, clientId, "alice", hash).settings().name()).isEqualTo("confidential");
        assertRefused(() -> verifier.verify(poolId, clientId, "bob", hash), ErrorCode.SecretHashMismatch);
        assertRefused(() -> verifier.verify(poolId, clientId, "alice", null), ErrorCode.SecretHashMismatch);
        assertRefused(() -> verifier.verify(poolId, clientId, "alice", ""), ErrorCode.SecretHashMismatch);
        assertRefused(() -> verifier.verify(UNKNOWN_POOL, clientId, "alice", hash), ErrorCode.AppClientNotFound);
        assertRefused(() -> verifier.verify(poolId, "abcdefghijklmnopqrstuvwxyz", "alice", hash),
                ErrorCode.AppClientNotFound);

        String publicClient = create("{\"name\":\"public\"}").path("clientId").asText();
        assertThat(verifier.verify(poolId, publicClient, "alice", null).hasSecret()).isFalse();
        assertThat(verifier.verify(poolId, publicClient, "alice", "ignored").clientId()).isEqualTo(publicClient);
    }

    private static void assertRefused(Runnable call, ErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AuthledgerException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }
}
