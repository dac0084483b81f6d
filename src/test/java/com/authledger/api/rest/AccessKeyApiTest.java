package com.authledger.api.rest;

import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static com.authledger.api.rest.RestFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access keys of the Cognito protocol through the REST API: an admin creates one (its secret shown once), lists
 * them without secrets and deletes one (disabled, its secret shredded); auditors list only; bad input stores nothing;
 * no secret is stored in plaintext anywhere.
 */
@IntegrationTest
class AccessKeyApiTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anAdminCreatesAKeyWhoseSecretIsShownOnceAndListedNever() {
        TestApi.Response created = TestApi.admin(port).post("/api/v1/access-keys",
                "{\"role\":\"auditor\",\"description\":\"reporting job\"}");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode key = created.json();
        String id = key.path("accessKeyId").asText();
        String secret = key.path("secretAccessKey").asText();
        assertThat(id).matches("ALAK[A-Z2-7]{16}");
        assertThat(secret).matches("[A-Za-z0-9_-]{40}");
        assertThat(key.path("role").asText()).isEqualTo("auditor");
        assertThat(key.path("createdAt").asText()).isNotBlank();
        assertThat(created.header("Location")).isEqualTo("/api/v1/access-keys/" + id);

        for (TestApi reader : List.of(TestApi.admin(port), TestApi.auditor(port))) {
            TestApi.Response listed = reader.get("/api/v1/access-keys");
            assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
            assertThat(listed.body()).contains(id).doesNotContain(secret).doesNotContain("secret");
            JsonNode entry = null;
            for (JsonNode listedKey : listed.json().path("accessKeys")) {
                if (listedKey.path("accessKeyId").asText().equals(id)) {
                    entry = listedKey;
                }
            }
            assertThat(entry).as("the new key is listed").isNotNull();
            assertThat(entry.path("accessKeyId").asText()).isEqualTo(id);
            assertThat(entry.path("role").asText()).isEqualTo("auditor");
            assertThat(entry.path("description").asText()).isEqualTo("reporting job");
            assertThat(entry.path("createdBy").asText()).isEqualTo("apikey:test-admin");
        }
        // sealed under the master key: no table, data_key and the key's own row included, holds the secret
        assertThat(everythingStored()).contains(id).doesNotContain(secret);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM data_key WHERE owner_id = ?", Long.class,
                "accesskey:" + id)).isEqualTo(1);
    }

    @Test
    void aDeletedKeyIsNoLongerListedAndItsSecretIsShredded() {
        String id = TestApi.admin(port).post("/api/v1/access-keys", "{\"role\":\"admin\"}").json()
                .path("accessKeyId").asText();

        assertThat(TestApi.admin(port).send("DELETE", "/api/v1/access-keys/" + id, null, null).status())
                .isEqualTo(204);

        assertThat(TestApi.admin(port).get("/api/v1/access-keys").body()).doesNotContain(id);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM data_key WHERE owner_id = ?", Long.class,
                "accesskey:" + id)).isZero();
        Map<String, Object> row = jdbc.queryForMap("SELECT deleted_at, deleted_by FROM access_key "
                + "WHERE access_key_id = ?", id);
        assertThat(row.get("DELETED_AT")).isNotNull();
        assertThat(row.get("DELETED_BY")).isEqualTo("apikey:test-admin");
        assertProblem(TestApi.admin(port).send("DELETE", "/api/v1/access-keys/" + id, null, null), 404, "NotFound");
        assertProblem(TestApi.admin(port).send("DELETE", "/api/v1/access-keys/not-a-key", null, null), 400,
                "InvalidParameter");
    }

    @Test
    void badInputIsRefusedWithAStableCodeAndStoresNothing() {
        long keysBefore = keyCount();
        long eventsBefore = new EventStoreProbe(jdbc).eventCount();

        assertProblem(TestApi.admin(port).post("/api/v1/access-keys", "{\"role\":\"root\"}"), 400,
                "InvalidParameter");
        assertProblem(TestApi.admin(port).post("/api/v1/access-keys", "{}"), 400, "InvalidParameter");
        assertProblem(TestApi.admin(port).post("/api/v1/access-keys",
                "{\"role\":\"admin\",\"description\":\"" + "x".repeat(257) + "\"}"), 400, "InvalidParameter");
        assertProblem(TestApi.admin(port).post("/api/v1/access-keys", "{\"role\":\"admin\",\"secret\":\"mine\"}"),
                400, "UnknownField");
        assertProblem(TestApi.admin(port).post("/api/v1/access-keys", "{\"role\":"), 400, "MalformedJson");

        assertThat(keyCount()).isEqualTo(keysBefore);
        assertThat(new EventStoreProbe(jdbc).eventCount()).isEqualTo(eventsBefore);
    }

    @Test
    void anAuditorMayNotCreateOrDeleteAndAnonymousCallersNothing() {
        String id = TestApi.admin(port).post("/api/v1/access-keys", "{\"role\":\"auditor\"}").json()
                .path("accessKeyId").asText();
        long keysBefore = keyCount();

        assertProblem(TestApi.auditor(port).post("/api/v1/access-keys", "{\"role\":\"admin\"}"), 403, "Forbidden");
        assertProblem(TestApi.auditor(port).send("DELETE", "/api/v1/access-keys/" + id, null, null), 403,
                "Forbidden");
        assertProblem(TestApi.anonymous(port).get("/api/v1/access-keys"), 401, "Unauthenticated");

        assertThat(keyCount()).isEqualTo(keysBefore);
        assertThat(TestApi.admin(port).get("/api/v1/access-keys").body()).contains(id);
    }

    private long keyCount() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM access_key", Long.class);
    }

    /** Every value of every table, as text. */
    private String everythingStored() {
        StringBuilder all = new StringBuilder();
        List<String> tables = jdbc.queryForList("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
                + "WHERE TABLE_SCHEMA = 'PUBLIC'", String.class);
        assertThat(tables).contains("ACCESS_KEY", "DATA_KEY");
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
