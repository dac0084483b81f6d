package com.authledger.infra;

import com.authledger.AuthledgerApplication;
import com.authledger.pool.UserPool;
import com.authledger.pool.read.PoolMfaConfigProjection;
import com.authledger.support.EventStoreProbe;
import com.authledger.support.MutableClock;
import com.authledger.support.ProjectionsCaughtUp;
import com.authledger.support.TestApi;
import com.authledger.support.TestClockConfiguration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service on a real PostgreSQL (embedded, started once for this class): Flyway's migrations, the JDBC event
 * store, the projections and their exact timestamps, the audit exports, concurrent writers, snapshots (threshold 5
 * here), and a second node on the same database. The API keys and clock are those of
 * {@link com.authledger.support.IntegrationTest}; only the database differs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "authledger.data-dir=${java.io.tmpdir}/authledger-test-${random.uuid}",
        "authledger.snapshot-threshold=5",
})
@TestPropertySource(locations = {com.authledger.support.IntegrationTest.API_KEYS,
        com.authledger.support.IntegrationTest.LIMITS})
@Import(TestClockConfiguration.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PostgresIntegrationTest {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    /** Outside the embedded default the service needs an existing master key ring: one made for this class. */
    static final java.nio.file.Path MASTER_KEYS = masterKeys();

    private static java.nio.file.Path masterKeys() {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempDirectory("authledger-pg-keys")
                    .resolve("master-keys");
            com.authledger.secrets.MasterKeyRing.loadOrCreate(file, null, new java.security.SecureRandom());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("authledger.secrets.master-key-file", MASTER_KEYS::toString);
        registry.add("spring.datasource.url", POSTGRES::jdbcUrl);
        registry.add("spring.datasource.username", () -> EmbeddedPostgresExtension.USER);
        registry.add("spring.datasource.password", () -> "");
    }

    private static final String PROCESSOR = PoolMfaConfigProjection.PROCESSING_GROUP;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String SENDER = "\"smsSender\":{\"credentialsRef\":"
            + "\"arn:aws:iam::123456789012:role/authledger-sms\",\"externalId\":\"ext-1\",\"region\":\"us-east-1\"}";
    private static final String OFF = "{\"mfaMode\":\"OFF\"}";
    private static final String TOTP = "{\"mfaMode\":\"OPTIONAL\",\"totpMfa\":{\"enabled\":true}}";
    private static final String SMS_AND_TOTP = "{\"mfaMode\":\"OPTIONAL\",\"smsMfa\":{\"enabled\":true,"
            + "\"message\":\"Your code is {####}\"},\"totpMfa\":{\"enabled\":true}," + SENDER + "}";
    private static final String ADAPTIVE = "{\"mfaMode\":\"OPTIONAL\",\"totpMfa\":{\"enabled\":true},"
            + "\"adaptiveAuthentication\":{\"enabled\":true}}";
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
    @Autowired
    Cache userPoolCache;
    @Autowired
    com.authledger.pool.PoolDirectory directory;

    private TestApi admin() {
        return TestApi.admin(port);
    }

    private TestApi auditor() {
        return TestApi.auditor(port);
    }

    private static String poolPath(String path) {
        return "/api/v1/pools/" + path;
    }

    /** The clock as the aggregate records it: truncated to microseconds. */
    private Instant recordedNow() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private String createPool(String name, String mfaJson) {
        String body = "{\"name\":\"" + name + "\"," + mfaJson.substring(1);
        TestApi.Response created = admin().post("/api/v1/pools", body);
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return created.json().path("poolId").asText();
    }

    private TestApi.Response put(String poolId, String mfaJson) {
        return admin().put(poolPath(poolId + "/mfa-config"), mfaJson);
    }

    private long eventsOf(String poolId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, poolId);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** The MFA configuration part of a PUT or GET answer, in the shape the audit trail stores. */
    private static JsonNode configurationOf(JsonNode answer) {
        ObjectNode view = answer.deepCopy();
        view.remove(List.of("poolId", "version", "validFrom", "validTo", "changed", "warnings"));
        return view;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record VersionRow(long version, Instant validFrom, Instant validTo) {
    }

    private List<VersionRow> versionRows(String poolId) {
        return jdbc.query("SELECT version, valid_from, valid_to FROM pool_mfa_config_version WHERE pool_id = ? "
                        + "ORDER BY version",
                (rs, row) -> new VersionRow(rs.getLong("version"), instant(rs, "valid_from"),
                        instant(rs, "valid_to")), poolId);
    }

    @Test
    void flywayMigratedTheSchemaOnPostgresql() {
        assertThat(jdbc.queryForObject("SELECT version()", String.class)).startsWith("PostgreSQL");
        List<String> tables = jdbc.queryForList("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'", String.class);
        assertThat(tables).contains("domain_event_entry", "snapshot_event_entry", "token_entry", "pool",
                "pool_mfa_config_version", "mfa_config_audit", "data_key", "signing_key", "app_client",
                "token_family", "sign_in_challenge", "auth_event", "sign_in_user", "access_key", "limit_counter",
                "spent_ticket", "refusal_count",
                "flyway_schema_history");
        assertThat(jdbc.queryForList("SELECT version || ':' || success FROM flyway_schema_history "
                + "WHERE version IS NOT NULL ORDER BY installed_rank", String.class))
                .containsExactly("1:true", "2:true", "3:true", "4:true", "5:true", "6:true", "7:true", "8:true",
                        "9:true", "10:true", "11:true", "12:true", "13:true", "14:true");
        assertThat(columnType("pool", "password_minimum_length")).isEqualTo("integer");
        assertThat(columnType("pool", "password_require_symbols")).isEqualTo("boolean");
        assertThat(columnType("pool", "password_policy_version")).isEqualTo("bigint");
        assertThat(columnType("domain_event_entry", "payload")).isEqualTo("bytea");
        assertThat(columnType("domain_event_entry", "global_index")).isEqualTo("bigint");
        assertThat(jdbc.queryForObject("SELECT is_identity FROM information_schema.columns "
                + "WHERE table_schema = current_schema() AND table_name = 'domain_event_entry' "
                + "AND column_name = 'global_index'", String.class)).isEqualTo("YES");
        assertThat(columnType("pool_mfa_config_version", "valid_from")).isEqualTo("timestamp with time zone");
        assertThat(columnType("app_client", "sealed_client_secret")).isEqualTo("text");
        assertThat(columnType("access_key", "sealed_secret")).isEqualTo("text");
        assertThat(columnType("access_key", "deleted_at")).isEqualTo("timestamp with time zone");
        assertThat(columnType("app_client", "refresh_token_validity_minutes")).isEqualTo("integer");
        assertThat(columnType("mfa_config_audit", "occurred_at")).isEqualTo("timestamp with time zone");
        assertThat(columnType("token_entry", "token")).isEqualTo("bytea");
        assertThat(columnType("sign_in_challenge", "expires_at")).isEqualTo("timestamp with time zone");
        assertThat(columnType("auth_event", "challenge_responses")).isEqualTo("character varying");
        assertThat(jdbc.queryForList("SELECT DISTINCT processor_name FROM token_entry", String.class))
                .contains(PROCESSOR);
    }

    /**
     * The sign-in projections on PostgreSQL: an attempt and a wrong password, their exact times, newest first, and
     * the active/all listing of attempts against the clock.
     */
    @Test
    void signInProjectionsAreKeptAndReadOnPostgresql() {
        clock.advance(Duration.ofMinutes(1).plusNanos(123_456_789));
        String poolId = createPool("PG sign-in", TOTP);
        String clientId = admin().post(poolPath(poolId + "/clients"), "{\"name\":\"web\","
                + "\"explicitAuthFlows\":[\"ALLOW_USER_PASSWORD_AUTH\"]}").json().path("clientId").asText();
        String users = poolPath(poolId + "/users");
        assertThat(admin().post(users, "{\"username\":\"pia\",\"temporaryPassword\":\"Temp-Pass-123\"}").status())
                .isEqualTo(201);
        assertThat(admin().put(users + "/pia/password", "{\"password\":\"Correct-Horse-7\",\"permanent\":true}")
                .status()).isIn(200, 204);
        String secret = admin().post(users + "/pia/software-token", null).json().path("secretCode").asText();
        clock.advance(Duration.ofSeconds(30));
        assertThat(admin().post(users + "/pia/software-token/verify", "{\"userCode\":\""
                + new com.authledger.user.factor.Totp().codeAt(secret,
                com.authledger.user.factor.Totp.step(clock.instant())) + "\"}").status()).isEqualTo(200);
        assertThat(admin().put(users + "/pia/mfa-preference",
                "{\"softwareToken\":{\"enabled\":true,\"preferred\":true}}").status()).isEqualTo(200);
        String initiate = poolPath(poolId + "/auth/initiate");
        String wrong = "{\"clientId\":\"" + clientId + "\",\"authFlow\":\"USER_PASSWORD_AUTH\",\"authParameters\":"
                + "{\"USERNAME\":\"pia\",\"PASSWORD\":\"Wrong-Pass-1\"},\"context\":{\"ipAddress\":\"192.0.2.9\"}}";
        assertThat(admin().post(initiate, wrong).status()).isEqualTo(400);
        Instant failedAt = recordedNow();
        clock.advance(Duration.ofSeconds(1));
        TestApi.Response started = admin().post(initiate, wrong.replace("Wrong-Pass-1", "Correct-Horse-7"));
        assertThat(started.json().path("challengeName").asText()).as("%s", started).isEqualTo("SOFTWARE_TOKEN_MFA");
        Instant startedAt = recordedNow();
        ProjectionsCaughtUp.await(processing, eventStore,
                com.authledger.signin.read.SignInStateProjection.PROCESSING_GROUP);

        JsonNode history = auditor().get(users + "/pia/auth-events").json().path("authEvents");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).path("eventResponse").asText()).isEqualTo("InProgress");
        assertThat(Instant.parse(history.get(0).path("creationDate").asText())).isEqualTo(startedAt);
        assertThat(history.get(1).path("eventResponse").asText()).isEqualTo("Fail");
        assertThat(Instant.parse(history.get(1).path("creationDate").asText())).isEqualTo(failedAt);
        assertThat(history.get(1).path("challengeResponses").get(0).path("challengeResponse").asText())
                .isEqualTo("Failure");
        JsonNode active = auditor().get(poolPath(poolId + "/challenges?status=active")).json().path("items");
        assertThat(active).hasSize(1);
        assertThat(Instant.parse(active.get(0).path("expiresAt").asText()))
                .isEqualTo(startedAt.plus(Duration.ofMinutes(3)));
        clock.advance(Duration.ofMinutes(3));
        assertThat(auditor().get(poolPath(poolId + "/challenges")).json().path("items")).isEmpty();
        assertThat(auditor().get(poolPath(poolId + "/challenges?status=all")).json().path("items").get(0)
                .path("outcome").asText()).isEqualTo("EXPIRED");
    }

    @Autowired
    com.authledger.token.TokenIssuer tokenIssuer;
    @Autowired
    com.authledger.token.TokenVerifier tokenVerifier;
    @Autowired
    com.authledger.secrets.DataKeyVault vault;
    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    /** Nodes racing to create a pool's first signing key agree on one (the unique generation), then rotate. */
    @Test
    void signingKeysAreCreatedOnceRotatedAndPublishedOnPostgresql() throws Exception {
        String poolId = createPool("Tokens", OFF);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        Set<String> kids = new HashSet<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> firstUse = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                com.authledger.token.SigningKeys node = new com.authledger.token.SigningKeys(jdbc, vault,
                        new java.security.SecureRandom(), clock, transactions);
                firstUse.add(threads.submit(() -> {
                    start.await();
                    return node.current(poolId).kid();
                }));
            }
            start.countDown();
            for (Future<String> kid : firstUse) {
                kids.add(kid.get(60, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(kids).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM signing_key WHERE pool_id = ?", Integer.class, poolId))
                .isEqualTo(1);

        com.authledger.signin.api.TokenRequest request = new com.authledger.signin.api.TokenRequest(poolId, "client-1",
                UUID.randomUUID().toString(), "alice", clock.instant(), false, List.of("pwd"), "event-1", "family-1",
                Duration.ofHours(1));
        com.authledger.signin.api.IssuedTokens before = tokenIssuer.issue(request);
        TestApi.Response rotated = admin().post(poolPath(poolId + "/signing-keys/rotate"), null);
        assertThat(rotated.status()).as("%s", rotated).isEqualTo(200);
        com.authledger.signin.api.IssuedTokens after = tokenIssuer.issue(request);
        assertThat(after.keyId()).isEqualTo(rotated.json().path("kid").asText()).isNotEqualTo(before.keyId());
        assertThat(tokenVerifier.verifyAccessToken(poolId, before.accessToken()).keyId()).isEqualTo(before.keyId());
        assertThat(tokenVerifier.verifyAccessToken(poolId, after.accessToken()).keyId()).isEqualTo(after.keyId());

        com.nimbusds.jose.jwk.JWKSet jwks = com.nimbusds.jose.jwk.JWKSet.parse(
                TestApi.anonymous(port).get("/" + poolId + "/.well-known/jwks.json").body());
        assertThat(jwks.getKeys()).extracting(com.nimbusds.jose.jwk.JWK::getKeyID)
                .containsExactly(after.keyId(), before.keyId());
        com.nimbusds.jwt.SignedJWT token = com.nimbusds.jwt.SignedJWT.parse(before.idToken());
        assertThat(token.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(
                jwks.getKeyByKeyId(before.keyId()).toRSAKey()))).isTrue();
    }

    private String columnType(String table, String column) {
        return jdbc.queryForObject("SELECT data_type FROM information_schema.columns "
                + "WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?", String.class,
                table, column);
    }

    @Test
    void changesReadBackExactlyNowAsOfInHistoryAndInTheExports() throws IOException {
        clock.advance(Duration.ofHours(1).plusNanos(987_654_321));
        Instant createdAt = recordedNow();
        TestApi.Response created = admin().header("X-Reason", "pg lifecycle")
                .post("/api/v1/pools", "{\"name\":\"PG lifecycle\",\"mfaMode\":\"OFF\"}");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String poolId = created.json().path("poolId").asText();
        assertThat(created.header("ETag")).isEqualTo("\"0\"");
        assertThat(Instant.parse(created.json().path("createdAt").asText())).isEqualTo(createdAt);
        assertThat(createdAt.getNano() % 1_000_000).as("sub-millisecond digits to lose").isNotZero();

        List<String> configs = List.of(OFF, TOTP, SMS_AND_TOTP, ADAPTIVE, TOTP, OFF);
        List<JsonNode> answers = new ArrayList<>();
        answers.add(created.json().path("mfaConfig"));
        for (int version = 1; version < configs.size(); version++) {
            clock.advance(Duration.ofMinutes(3).plusNanos(1_234_567L * version + 1));
            Instant expected = recordedNow();
            TestApi.Response changed = admin().header("X-Reason", "change " + version)
                    .header("X-Request-Id", "pg-life-" + version)
                    .put(poolPath(poolId + "/mfa-config"), configs.get(version));
            assertThat(changed.status()).as("%s", changed).isEqualTo(200);
            assertThat(changed.header("ETag")).isEqualTo("\"" + version + "\"");
            assertThat(changed.json().path("version").asLong()).isEqualTo(version);
            assertThat(changed.json().path("changed").asBoolean()).isTrue();
            assertThat(Instant.parse(changed.json().path("validFrom").asText())).isEqualTo(expected);
            answers.add(changed.json());
        }
        int last = configs.size() - 1;
        List<Instant> validFrom = answers.stream().map(a -> Instant.parse(a.path("validFrom").asText())).toList();

        // Now: the projection's row holds the very instant the write answered, to the microsecond.
        TestApi.Response current = auditor().get(poolPath(poolId + "/mfa-config"));
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.header("ETag")).isEqualTo("\"" + last + "\"");
        assertThat(current.json().path("version").asLong()).isEqualTo(last);
        assertThat(current.json().path("validFrom").asText()).isEqualTo(answers.get(last).path("validFrom").asText());
        assertThat(current.json().has("validTo")).isFalse();
        assertThat(configurationOf(current.json())).isEqualTo(configurationOf(answers.get(last)));
        TestApi.Response pool = auditor().get(poolPath(poolId));
        assertThat(pool.json().path("createdAt").asText()).isEqualTo(created.json().path("createdAt").asText());
        assertThat(pool.json().path("createdBy").asText()).isEqualTo("apikey:test-admin");
        assertThat(pool.json().path("mfaConfig").path("version").asLong()).isEqualTo(last);

        // As of any instant: [valid_from, valid_to), bounds exact to the microsecond.
        for (int version = 0; version < last; version++) {
            Instant from = validFrom.get(version);
            Instant to = validFrom.get(version + 1);
            Instant middle = from.plus(Duration.between(from, to).dividedBy(2)).truncatedTo(ChronoUnit.MICROS);
            for (Instant at : List.of(from, middle, to.minus(1, ChronoUnit.MICROS))) {
                JsonNode asOf = asOf(poolId, at, 200).json();
                assertThat(asOf.path("version").asLong()).as("asOf %s", at).isEqualTo(version);
                assertThat(asOf.path("validFrom").asText()).isEqualTo(answers.get(version).path("validFrom").asText());
                assertThat(asOf.path("validTo").asText()).isEqualTo(answers.get(version + 1).path("validFrom").asText());
                assertThat(configurationOf(asOf)).isEqualTo(configurationOf(answers.get(version)));
            }
            assertThat(asOf(poolId, to, 200).json().path("version").asLong()).isEqualTo(version + 1);
        }
        assertThat(asOf(poolId, validFrom.get(last).plus(Duration.ofDays(365)), 200).json().path("version").asLong())
                .isEqualTo(last);
        assertThat(asOf(poolId, createdAt.minus(1, ChronoUnit.MICROS), 404).code()).isEqualTo("PoolNotYetCreated");

        // History: every change with who, why and the configuration before and after.
        JsonNode items = auditor().get(poolPath(poolId + "/mfa-config/history")).json().path("items");
        assertThat(items).hasSize(configs.size());
        for (int version = 0; version <= last; version++) {
            JsonNode entry = items.get(version);
            assertThat(entry.path("version").asLong()).isEqualTo(version);
            assertThat(entry.path("poolId").asText()).isEqualTo(poolId);
            assertThat(entry.path("change").asText()).isEqualTo(version == 0 ? "PoolCreated" : "PoolMfaConfigured");
            assertThat(entry.path("occurredAt").asText()).isEqualTo(answers.get(version).path("validFrom").asText());
            assertThat(entry.path("actor").asText()).isEqualTo("apikey:test-admin");
            assertThat(entry.path("sourceIp").asText()).isEqualTo("127.0.0.1");
            assertThat(entry.path("reason").asText()).isEqualTo(version == 0 ? "pg lifecycle" : "change " + version);
            if (version > 0) {
                assertThat(entry.path("requestId").asText()).isEqualTo("pg-life-" + version);
            }
            assertThat(entry.path("after")).isEqualTo(configurationOf(answers.get(version)));
            if (version == 0) {
                assertThat(entry.has("before")).isFalse();
            } else {
                assertThat(entry.path("before")).isEqualTo(items.get(version - 1).path("after"));
            }
        }

        // Paged (FETCH FIRST ? ROWS ONLY with a bound parameter) and filtered by time (timestamptz parameters).
        List<Long> paged = new ArrayList<>();
        String token = "";
        do {
            JsonNode page = auditor().get(poolPath(poolId + "/mfa-config/history?pageSize=4&pageToken=" + token))
                    .json();
            page.path("items").forEach(item -> paged.add(item.path("version").asLong()));
            token = page.path("nextPageToken").asText("");
        } while (!token.isEmpty());
        assertThat(paged).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        JsonNode window = auditor().get("/api/v1/audit/mfa-config?poolId=" + poolId + "&from=" + validFrom.get(2)
                + "&to=" + validFrom.get(4)).json().path("items");
        assertThat(window).extracting(item -> item.path("version").asLong()).containsExactly(2L, 3L);

        // CSV export, streamed through a cursor in a read-only transaction.
        TestApi.Response csv = auditor().get(poolPath(poolId + "/mfa-config/history?format=csv"));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).contains("attachment");
        List<CSVRecord> records;
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.body()))) {
            assertThat(parser.getHeaderNames()).containsExactly("event_id", "occurred_at", "pool_id", "scope",
                    "change", "version", "actor", "source_ip", "user_agent", "request_id", "reason", "user_sub",
                    "username", "initiated_by", "notified_users", "before", "after");
            records = parser.getRecords();
        }
        assertThat(records).hasSize(configs.size());
        for (int version = 0; version <= last; version++) {
            CSVRecord record = records.get(version);
            JsonNode entry = items.get(version);
            assertThat(record.get("event_id")).isEqualTo(entry.path("eventId").asText());
            assertThat(record.get("occurred_at")).isEqualTo(answers.get(version).path("validFrom").asText());
            assertThat(Instant.parse(record.get("occurred_at"))).isEqualTo(validFrom.get(version));
            assertThat(record.get("pool_id")).isEqualTo(poolId);
            assertThat(record.get("version")).isEqualTo(String.valueOf(version));
            assertThat(record.get("actor")).isEqualTo("apikey:test-admin");
            if (version == 0) {
                assertThat(record.get("before")).isEmpty();
            } else {
                assertThat(json(record.get("before"))).isEqualTo(entry.path("before"));
            }
            assertThat(json(record.get("after"))).isEqualTo(entry.path("after"));
        }

        TestApi.Response jsonl = auditor().get(poolPath(poolId + "/mfa-config/history?format=jsonl"));
        assertThat(jsonl.status()).isEqualTo(200);
        List<String> lines = jsonl.body().lines().toList();
        assertThat(lines).hasSize(configs.size());
        for (int version = 0; version <= last; version++) {
            assertThat(json(lines.get(version))).isEqualTo(items.get(version));
        }

        // And the rows themselves, read straight from PostgreSQL.
        List<VersionRow> rows = versionRows(poolId);
        assertThat(rows).extracting(VersionRow::validFrom).containsExactlyElementsOf(validFrom);
    }

    private TestApi.Response asOf(String poolId, Instant at, int status) {
        TestApi.Response response = auditor().get(poolPath(poolId + "/mfa-config?asOf=" + at));
        assertThat(response.status()).as("asOf %s: %s", at, response).isEqualTo(status);
        return response;
    }

    @Test
    void aRefusedChangeAnswers409AndAppendsNothing() {
        clock.advance(Duration.ofMinutes(1));
        String poolId = createPool("PG refused", TOTP);
        long events = new EventStoreProbe(jdbc).eventCount();
        long poolEvents = eventsOf(poolId);

        clock.advance(Duration.ofMinutes(1));
        TestApi.Response refused = put(poolId, REQUIRED_TOTP);
        assertThat(refused.status()).as("%s", refused).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("MfaRequiredOnlyAtCreation");
        assertThat(refused.body()).doesNotContain("Exception");

        TestApi.Response stale = admin().header("If-Match", "\"7\"").put(poolPath(poolId + "/mfa-config"), OFF);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.code()).isEqualTo("VersionMismatch");

        TestApi.Response same = put(poolId, TOTP);
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().path("changed").asBoolean()).isFalse();
        assertThat(same.json().path("version").asLong()).isZero();

        assertThat(new EventStoreProbe(jdbc).eventCount()).isEqualTo(events);
        assertThat(eventsOf(poolId)).isEqualTo(poolEvents).isEqualTo(1);
        ProjectionsCaughtUp.await(processing, eventStore, PROCESSOR);
        JsonNode current = auditor().get(poolPath(poolId + "/mfa-config")).json();
        assertThat(current.path("version").asLong()).isZero();
        assertThat(current.path("mfaMode").asText()).isEqualTo("OPTIONAL");
        assertThat(auditor().get(poolPath(poolId + "/mfa-config/history")).json().path("items")).hasSize(1);
    }

    private record Outcome(int status, String code, long version, boolean changed, Instant validFrom) {
    }

    @Test
    void concurrentWritersEndIn200Or409Or412AndTheVersionsStayContiguous() throws Exception {
        clock.advance(Duration.ofMinutes(1));
        String poolId = createPool("PG concurrent", OFF);
        int threads = 6;
        int perThread = 6;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Outcome>>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(executor.submit(() -> {
                    ready.countDown();
                    assertThat(go.await(30, TimeUnit.SECONDS)).isTrue();
                    List<Outcome> outcomes = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        String body = (thread + i) % 2 == 0 ? TOTP : SMS_AND_TOTP;
                        TestApi writer = admin().header("X-Request-Id", "pg-race-" + thread + "-" + i);
                        if (i % 2 == 0) {
                            String etag = auditor().get(poolPath(poolId + "/mfa-config")).header("ETag");
                            writer = writer.header("If-Match", etag);
                        }
                        clock.advance(Duration.ofNanos(1_001_001));
                        TestApi.Response response = writer.put(poolPath(poolId + "/mfa-config"), body);
                        JsonNode answer = response.status() == 200 ? response.json() : null;
                        outcomes.add(new Outcome(response.status(), response.status() == 200 ? null : response.code(),
                                answer == null ? -1 : answer.path("version").asLong(),
                                answer != null && answer.path("changed").asBoolean(),
                                answer == null ? null : Instant.parse(answer.path("validFrom").asText())));
                    }
                    return outcomes;
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<List<Outcome>> future : futures) {
                outcomes.addAll(future.get(120, TimeUnit.SECONDS));
            }
            assertConcurrentOutcomes(poolId, outcomes, threads * perThread);
        } finally {
            executor.shutdownNow();
        }
    }

    private void assertConcurrentOutcomes(String poolId, List<Outcome> outcomes, int requests) {
        assertThat(outcomes).hasSize(requests);
        assertThat(outcomes).allSatisfy(outcome -> {
            assertThat(outcome.status()).as("%s", outcome).isIn(200, 409, 412);
            if (outcome.status() == 409) {
                assertThat(outcome.code()).isEqualTo("ConcurrentModification");
            }
            if (outcome.status() == 412) {
                assertThat(outcome.code()).isEqualTo("VersionMismatch");
            }
        });
        List<Outcome> changes = outcomes.stream().filter(Outcome::changed).toList();
        assertThat(changes).as("some writes must have won").isNotEmpty();
        long latest = changes.stream().mapToLong(Outcome::version).max().orElseThrow();
        assertThat(changes).extracting(Outcome::version)
                .as("each appended version answered exactly once")
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, latest).boxed().toList());

        assertThat(jdbc.queryForList("SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "ORDER BY sequence_number", Long.class, poolId))
                .containsExactlyElementsOf(LongStream.rangeClosed(0, latest).boxed().toList());

        ProjectionsCaughtUp.await(processing, eventStore, PROCESSOR);
        List<VersionRow> rows = versionRows(poolId);
        assertThat(rows).extracting(VersionRow::version)
                .containsExactlyElementsOf(LongStream.rangeClosed(0, latest).boxed().toList());
        for (int i = 0; i < rows.size() - 1; i++) {
            assertThat(rows.get(i).validTo()).as("valid_to of version %d", i).isEqualTo(rows.get(i + 1).validFrom());
            assertThat(rows.get(i).validFrom()).isBeforeOrEqualTo(rows.get(i + 1).validFrom());
        }
        assertThat(rows.get(rows.size() - 1).validTo()).isNull();
        for (Outcome change : changes) {
            assertThat(rows.get((int) change.version()).validFrom()).as("version %d", change.version())
                    .isEqualTo(change.validFrom());
        }

        List<JsonNode> audit = new ArrayList<>();
        auditor().get(poolPath(poolId + "/mfa-config/history?pageSize=200")).json().path("items").forEach(audit::add);
        assertThat(audit).extracting(entry -> entry.path("version").asLong())
                .containsExactlyElementsOf(LongStream.rangeClosed(0, latest).boxed().toList());
        for (int i = 1; i < audit.size(); i++) {
            assertThat(audit.get(i).path("before")).isEqualTo(audit.get(i - 1).path("after"));
        }
        JsonNode current = auditor().get(poolPath(poolId + "/mfa-config")).json();
        assertThat(current.path("version").asLong()).isEqualTo(latest);
    }

    @Test
    void aSnapshotIsTakenAndThePoolStillLoadsAndChangesFromIt() {
        clock.advance(Duration.ofMinutes(1));
        String poolId = createPool("PG snapshot", OFF);
        List<String> cycle = List.of(TOTP, SMS_AND_TOTP, ADAPTIVE);
        for (int version = 1; version <= 12; version++) {
            clock.advance(Duration.ofSeconds(30));
            TestApi.Response changed = put(poolId, cycle.get((version - 1) % cycle.size()));
            assertThat(changed.status()).as("%s", changed).isEqualTo(200);
            assertThat(changed.json().path("version").asLong()).isEqualTo(version);
        }

        ProjectionsCaughtUp.until(Duration.ofSeconds(30), () -> snapshots(poolId) > 0,
                () -> "no snapshot of " + poolId + " after 12 changes with a threshold of 5");
        long snapshotSequence = jdbc.queryForObject("SELECT MAX(sequence_number) FROM snapshot_event_entry "
                + "WHERE aggregate_identifier = ?", Long.class, poolId);
        assertThat(snapshotSequence).isBetween(5L, 12L);
        assertThat(jdbc.queryForObject("SELECT payload_type FROM snapshot_event_entry WHERE aggregate_identifier = ? "
                + "AND sequence_number = ?", String.class, poolId, snapshotSequence)).isEqualTo(UserPool.class.getName());

        // The store hands out the snapshot first, and it deserialises into the pool's state at that version.
        DomainEventStream stream = eventStore.readEvents(poolId);
        DomainEventMessage<?> first = stream.next();
        assertThat(first.getPayload()).isInstanceOf(UserPool.class);
        assertThat(first.getSequenceNumber()).isEqualTo(snapshotSequence);
        assertThat(first.getPayload()).extracting("poolId", "version", "name")
                .containsExactly(poolId, snapshotSequence, "PG snapshot");
        long tail = 0;
        while (stream.hasNext()) {
            assertThat(stream.next().getSequenceNumber()).isEqualTo(snapshotSequence + ++tail);
        }
        assertThat(snapshotSequence + tail).isEqualTo(12);

        // Drop the cached aggregate: the next command loads it from the snapshot and the events after it.
        userPoolCache.remove(poolId);
        assertThat(userPoolCache.containsKey(poolId)).isFalse();

        TestApi.Response same = put(poolId, ADAPTIVE);
        assertThat(same.status()).as("%s", same).isEqualTo(200);
        assertThat(same.json().path("changed").asBoolean()).as("the loaded state is the 12th configuration").isFalse();
        assertThat(same.json().path("version").asLong()).isEqualTo(12);

        TestApi.Response leaveOptional = put(poolId, OFF);
        assertThat(leaveOptional.status()).isEqualTo(409);
        assertThat(leaveOptional.code()).isEqualTo("AdaptiveAuthenticationActive");

        TestApi.Response stale = admin().header("If-Match", "\"11\"").put(poolPath(poolId + "/mfa-config"), TOTP);
        assertThat(stale.status()).isEqualTo(412);

        clock.advance(Duration.ofSeconds(30));
        TestApi.Response next = admin().header("If-Match", "\"12\"").put(poolPath(poolId + "/mfa-config"), TOTP);
        assertThat(next.status()).as("%s", next).isEqualTo(200);
        assertThat(next.json().path("version").asLong()).isEqualTo(13);
        assertThat(next.json().path("changed").asBoolean()).isTrue();

        userPoolCache.remove(poolId);
        clock.advance(Duration.ofSeconds(30));
        TestApi.Response after = put(poolId, SMS_AND_TOTP);
        assertThat(after.status()).as("%s", after).isEqualTo(200);
        assertThat(after.json().path("version").asLong()).isEqualTo(14);

        assertThat(jdbc.queryForList("SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "ORDER BY sequence_number", Long.class, poolId))
                .containsExactlyElementsOf(LongStream.rangeClosed(0, 14).boxed().toList());
        JsonNode current = auditor().get(poolPath(poolId + "/mfa-config")).json();
        assertThat(current.path("version").asLong()).isEqualTo(14);
        assertThat(configurationOf(current)).isEqualTo(configurationOf(after.json()));
        List<VersionRow> rows = versionRows(poolId);
        assertThat(rows).extracting(VersionRow::version)
                .containsExactlyElementsOf(LongStream.rangeClosed(0, 14).boxed().toList());
    }

    /**
     * Password policies on PostgreSQL: the V4 columns, the projection's writes, the directory's join, MFA versions
     * that skip the policy changes' sequence numbers, and a snapshot (threshold 5) holding the policy.
     */
    @Test
    void passwordPoliciesAreProjectedSnapshottedAndFoundInTheDirectory() {
        clock.advance(Duration.ofMinutes(1));
        TestApi.Response created = admin().post("/api/v1/pools", "{\"name\":\"PG policy\",\"mfaMode\":\"OFF\","
                + "\"passwordPolicy\":{\"minimumLength\":6,\"requireUppercase\":false,\"requireLowercase\":true,"
                + "\"requireNumbers\":false,\"requireSymbols\":false}}");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String poolId = created.json().path("poolId").asText();
        assertThat(created.json().path("passwordPolicy").path("minimumLength").asInt()).isEqualTo(6);
        List<String> mfa = List.of(TOTP, SMS_AND_TOTP, OFF);
        for (int step = 1; step <= 6; step++) {
            clock.advance(Duration.ofSeconds(30));
            TestApi.Response changed = step % 2 == 1
                    ? admin().put(poolPath(poolId + "/password-policy"), policy(6 + step))
                    : put(poolId, mfa.get(step / 2 - 1));
            assertThat(changed.status()).as("%s", changed).isEqualTo(200);
        }
        // 0 created, 1 policy, 2 TOTP, 3 policy, 4 SMS and TOTP, 5 policy, 6 OFF
        assertThat(versionRows(poolId)).extracting(VersionRow::version).containsExactly(0L, 2L, 4L, 6L);
        List<VersionRow> rows = versionRows(poolId);
        for (int i = 0; i < rows.size() - 1; i++) {
            assertThat(rows.get(i).validTo()).isEqualTo(rows.get(i + 1).validFrom());
        }
        assertThat(rows.get(rows.size() - 1).validTo()).isNull();
        JsonNode history = auditor().get(poolPath(poolId + "/mfa-config/history")).json().path("items");
        assertThat(history).hasSize(4);
        for (int i = 1; i < history.size(); i++) {
            assertThat(history.get(i).path("before")).isEqualTo(history.get(i - 1).path("after"));
        }
        assertThat(auditor().get(poolPath(poolId + "/password-policy")).json()).isEqualTo(json(policy(11)));
        com.authledger.pool.PoolContext context = directory.pool(poolId).orElseThrow();
        assertThat(context.passwordPolicy())
                .isEqualTo(new com.authledger.pool.PasswordPolicy(11, true, true, false, true));
        assertThat(context.mfa().mode()).isEqualTo(com.authledger.pool.MfaMode.OFF);
        assertThat(context.mfa().smsSender()).as("the PUT of OFF left the sender out").isNull();

        ProjectionsCaughtUp.until(Duration.ofSeconds(30), () -> snapshots(poolId) > 0,
                () -> "no snapshot of " + poolId + " after 7 events with a threshold of 5");
        userPoolCache.remove(poolId);
        DomainEventStream stream = eventStore.readEvents(poolId);
        Object snapshot = stream.next().getPayload();
        assertThat(snapshot).isInstanceOf(UserPool.class);
        assertThat(snapshot).extracting("passwordPolicy").isNotNull();

        long events = eventsOf(poolId);
        TestApi.Response same = admin().put(poolPath(poolId + "/password-policy"), policy(11));
        assertThat(same.status()).isEqualTo(200);
        assertThat(eventsOf(poolId)).as("the pool loaded from its snapshot holds the policy").isEqualTo(events);
        TestApi.Response stale = admin().header("If-Match", "\"5\"").put(poolPath(poolId + "/mfa-config"), TOTP);
        assertThat(stale.status()).isEqualTo(412);
        clock.advance(Duration.ofSeconds(30));
        TestApi.Response current = admin().header("If-Match", "\"6\"").put(poolPath(poolId + "/mfa-config"), TOTP);
        assertThat(current.status()).as("%s", current).isEqualTo(200);
        assertThat(current.json().path("version").asLong()).isEqualTo(7);
    }

    /** A policy with every class but numbers, for step-numbered lengths. */
    private static String policy(int minimumLength) {
        return "{\"minimumLength\":" + minimumLength + ",\"requireUppercase\":true,\"requireLowercase\":true,"
                + "\"requireNumbers\":false,\"requireSymbols\":true}";
    }

    private long snapshots(String poolId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?",
                Long.class, poolId);
    }

    @Test
    void poolsArePagedInCreationOrder() {
        clock.advance(Duration.ofMinutes(1));
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            created.add(createPool("PG listing " + i, OFF));
        }
        List<String> listed = new ArrayList<>();
        String token = "";
        do {
            JsonNode page = auditor().get("/api/v1/pools?pageSize=2&pageToken=" + token).json();
            assertThat(page.path("items").size()).isLessThanOrEqualTo(2);
            page.path("items").forEach(item -> listed.add(item.path("poolId").asText()));
            token = page.path("nextPageToken").asText("");
        } while (!token.isEmpty());
        assertThat(listed).doesNotHaveDuplicates().containsAll(created);
        List<String> byPosition = jdbc.queryForList("SELECT pool_id FROM pool ORDER BY listing_id", String.class);
        assertThat(listed).containsExactlyElementsOf(byPosition);
    }

    /**
     * The domain accepts U+0000 in verification.emailMessage (only the SMS texts refuse control characters). The event
     * is stored (JSON escapes it inside the BYTEA payload), but PostgreSQL cannot hold NUL in TEXT: the pool
     * projection's INSERT fails with "invalid byte sequence for encoding UTF8: 0x00" (SQLSTATE 22021), the batch
     * rolls back, and the single-segment pool-mfa-config processor retries that event forever. Every later change of
     * every pool then waits the full write-wait and is never projected nor audited; the POST itself answers 201.
     */
    @Test
    void aNulInTheEmailVerificationMessageIsRefusedBeforeItCanStopTheProjections() {
        clock.advance(Duration.ofMinutes(1));
        TestApi.Response nul = admin().post("/api/v1/pools", "{\"name\":\"PG nul\",\"mfaMode\":\"OFF\","
                + "\"verification\":{\"emailMessage\":\"Your code is {####}\\u0000\"}}");
        String after = createPool("PG after nul", OFF);

        ProjectionsCaughtUp.await(processing, eventStore, PROCESSOR, Duration.ofSeconds(15));
        assertThat(auditor().get(poolPath(after)).status()).isEqualTo(200);
        assertThat(nul.status()).as("%s", nul).isEqualTo(400);
        assertThat(nul.code()).isEqualTo("InvalidParameter");
    }

    /**
     * A second node of the service on the same database, sharing this class's clock, started on first use and
     * closed after the class. It cannot claim the projection's segment, which node A holds, so its writes wait only
     * briefly (write-wait 200ms) and node A projects its events.
     */
    private static ConfigurableApplicationContext secondNode;

    private synchronized TestApi secondNodeAdmin() {
        if (secondNode == null) {
            MutableClock shared = clock;
            secondNode = new SpringApplicationBuilder(AuthledgerApplication.class)
                    .initializers(context -> {
                        context.getBeanFactory().registerSingleton("testClock", shared);
                        // Token claims are owned by the node id, by default the JVM's name: the two nodes share
                        // one JVM here, so node B needs an id of its own to be refused node A's segment.
                        ((GenericApplicationContext) context).registerBean("tokenStore", TokenStore.class,
                                () -> JdbcTokenStore.builder()
                                        .connectionProvider(context.getBean(ConnectionProvider.class))
                                        .serializer(context.getBean("serializer", Serializer.class))
                                        .schema(context.getBean(TokenSchema.class))
                                        .nodeId("authledger-node-b")
                                        .build());
                    })
                    .run("--server.port=0",
                            "--spring.datasource.url=" + POSTGRES.jdbcUrl(),
                            "--spring.datasource.username=" + EmbeddedPostgresExtension.USER,
                            "--spring.datasource.password=",
                            "--authledger.data-dir=" + System.getProperty("java.io.tmpdir") + "/authledger-node-b-"
                                    + UUID.randomUUID(),
                            "--authledger.security.api-keys[0].name=test-admin",
                            "--authledger.security.api-keys[0].role=admin",
                            "--authledger.security.api-keys[0].sha256="
                                    + "944650a7cd0f9e14d5c4fb15edbffb7fa45fb9ed36a4fa9be3d7e5476ae51bd9",
                            "--authledger.snapshot-threshold=5",
                            "--authledger.guess-limits.codes-per-source-hour=100000",
                            "--authledger.guess-limits.codes-per-source-day=100000",
                            "--authledger.guess-limits.passwords-per-source-hour=100000",
                            "--authledger.guess-limits.passwords-per-source-day=100000",
                            "--authledger.rate-limits.per-address-limit=1000000",
                            "--authledger.projections.write-wait=200ms",
                            "--authledger.secrets.master-key-file=" + MASTER_KEYS,
                            // node B trusts its cache, so that it can be made to lose an append race
                            "--authledger.aggregate-cache.verify-against-store=false");
        }
        return TestApi.admin(((ServletWebServerApplicationContext) secondNode).getWebServer().getPort());
    }

    /**
     * Node A's cached copy of the pool, held strongly so that the WeakReferenceCache cannot lose it to a garbage
     * collection while a scenario relies on it (release it with {@link Reference#reachabilityFence}).
     */
    private Object pinCachedPool(String poolId) {
        Object cached = userPoolCache.get(poolId);
        assertThat(cached).as("node A caches pool %s", poolId).isNotNull();
        return cached;
    }

    /** The last value PostgreSQL handed out for domain_event_entry.global_index, used or lost. */
    private long lastGlobalIndexValue() {
        String sequence = jdbc.queryForObject("SELECT pg_get_serial_sequence('domain_event_entry', 'global_index')",
                String.class);
        return jdbc.queryForObject("SELECT last_value FROM " + sequence, Long.class);
    }

    @AfterAll
    static synchronized void stopSecondNode() {
        if (secondNode != null) {
            secondNode.close();
            secondNode = null;
        }
    }

    /** The class's master key ring goes with it (a temporary directory per run). */
    @AfterAll
    static void removeMasterKeys() {
        org.springframework.util.FileSystemUtils.deleteRecursively(MASTER_KEYS.getParent().toFile());
    }

    /**
     * Node A holds the pool in its aggregate cache and node B changes it: node A's next command notices, before
     * appending anything, that its copy is behind the store (StoreVerifiedCache), reloads and lands the change as
     * the next version; an If-Match naming the stale version is refused.
     */
    @Test
    void aStaleCachedCopyIsNoticedBeforeAppending() {
        TestApi nodeB = secondNodeAdmin();
        clock.advance(Duration.ofMinutes(1));
        String poolId = createPool("PG two nodes race", OFF);
        clock.advance(Duration.ofSeconds(10));
        assertThat(put(poolId, TOTP).json().path("version").asLong()).isEqualTo(1);
        Object cachedOnA = pinCachedPool(poolId);

        clock.advance(Duration.ofSeconds(10));
        TestApi.Response onB = nodeB.put(poolPath(poolId + "/mfa-config"), SMS_AND_TOTP);
        assertThat(onB.status()).as("%s", onB).isEqualTo(200);
        assertThat(onB.json().path("version").asLong()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(10));
        long sequenceBefore = lastGlobalIndexValue();
        TestApi.Response onA = put(poolId, ADAPTIVE);
        Reference.reachabilityFence(cachedOnA);
        assertThat(onA.status()).as("%s", onA).isEqualTo(200);
        assertThat(onA.json().path("version").asLong()).isEqualTo(3);
        assertThat(onA.json().path("changed").asBoolean()).isTrue();
        assertThat(lastGlobalIndexValue() - sequenceBefore)
                .as("no append was refused: the stale copy was dropped before appending").isEqualTo(1);

        clock.advance(Duration.ofSeconds(10));
        Object cachedAgain = pinCachedPool(poolId);
        assertThat(nodeB.put(poolPath(poolId + "/mfa-config"), TOTP).json().path("version").asLong()).isEqualTo(4);
        TestApi.Response stale = admin().header("If-Match", "\"3\"").put(poolPath(poolId + "/mfa-config"),
                SMS_AND_TOTP);
        Reference.reachabilityFence(cachedAgain);
        assertThat(stale.status()).as("%s", stale).isEqualTo(412);
        assertThat(stale.code()).isEqualTo("VersionMismatch");

        assertThat(jdbc.queryForList("SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "ORDER BY sequence_number", Long.class, poolId)).containsExactly(0L, 1L, 2L, 3L, 4L);
        ProjectionsCaughtUp.await(processing, eventStore, PROCESSOR);
        List<VersionRow> rows = versionRows(poolId);
        assertThat(rows).extracting(VersionRow::version).containsExactly(0L, 1L, 2L, 3L, 4L);
        for (int i = 0; i < rows.size() - 1; i++) {
            assertThat(rows.get(i).validTo()).isEqualTo(rows.get(i + 1).validFrom());
        }
        JsonNode audit = auditor().get(poolPath(poolId + "/mfa-config/history")).json().path("items");
        assertThat(audit.get(3).path("before")).isEqualTo(audit.get(2).path("after"));
        assertThat(audit.get(2).path("after").path("smsMfa").path("enabled").asBoolean()).isTrue();
    }

    /**
     * Node B trusts its cache (verification off): it holds the pool, node A changes it, and node B's next change
     * loses the append race for the next sequence number (unique violation, SQLSTATE 23505), drops its cached copy
     * and is retried against the stored state, landing as the next version.
     */
    @Test
    void aLostAppendRaceIsRetriedAgainstTheStoredState() {
        TestApi nodeB = secondNodeAdmin();
        clock.advance(Duration.ofMinutes(1));
        String poolId = createPool("PG append race", OFF);
        clock.advance(Duration.ofSeconds(10));
        assertThat(nodeB.put(poolPath(poolId + "/mfa-config"), TOTP).json().path("version").asLong()).isEqualTo(1);
        Object cachedOnB = secondNode.getBean("userPoolCache", org.axonframework.common.caching.Cache.class)
                .get(poolId);
        assertThat(cachedOnB).as("node B caches pool %s", poolId).isNotNull();

        clock.advance(Duration.ofSeconds(10));
        assertThat(put(poolId, SMS_AND_TOTP).json().path("version").asLong()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(10));
        long sequenceBefore = lastGlobalIndexValue();
        TestApi.Response onB = nodeB.put(poolPath(poolId + "/mfa-config"), ADAPTIVE);
        Reference.reachabilityFence(cachedOnB);
        assertThat(onB.status()).as("%s", onB).isEqualTo(200);
        assertThat(onB.json().path("version").asLong()).isEqualTo(3);
        assertThat(onB.json().path("changed").asBoolean()).isTrue();
        assertThat(lastGlobalIndexValue() - sequenceBefore)
                .as("one global index lost to the refused append, one for the retried one").isEqualTo(2);
    }

    /**
     * Usernames are claimed in the transaction that appends the user's first event, so two nodes registering one
     * name in different cases at once end with exactly one user; that user's factors then work from either node.
     */
    @Test
    void usernamesStayUniqueAcrossNodesAndAUserEnrolsThroughBoth() throws Exception {
        TestApi nodeB = secondNodeAdmin();
        clock.advance(Duration.ofMinutes(1));
        String poolId = createPool("PG users", TOTP);
        String users = poolPath(poolId + "/users");
        int racers = 8;
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(racers);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
        for (int i = 0; i < racers; i++) {
            TestApi node = i % 2 == 0 ? admin() : nodeB;
            String name = i % 4 < 2 ? "Racer" : "rACER";
            results.add(threads.submit(() -> {
                start.await();
                TestApi.Response answer = node.post(users, "{\"username\":\"" + name
                        + "\",\"temporaryPassword\":\"Temp-Pass-123\"}");
                return answer.status();
            }));
        }
        start.countDown();
        List<Integer> statuses = new java.util.ArrayList<>();
        for (java.util.concurrent.Future<Integer> result : results) {
            statuses.add(result.get());
        }
        threads.shutdown();
        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(1);

        // node B runs without checking its cached aggregates against the store (another test needs that), so it
        // must not act on a copy node A changed since: it associates, node A (which checks) verifies
        String secret = nodeB.post(users + "/racer/software-token", null).json().path("secretCode").asText();
        String code = new com.authledger.user.factor.Totp().codeAt(secret,
                com.authledger.user.factor.Totp.step(clock.instant()));
        TestApi.Response verified = admin().post(users + "/RACER/software-token/verify",
                "{\"userCode\":\"" + code + "\"}");
        assertThat(verified.status()).as("%s", verified).isEqualTo(200);
        TestApi.Response enabled = admin().put(users + "/racer/mfa-preference",
                "{\"softwareToken\":{\"enabled\":true,\"preferred\":true}}");
        assertThat(enabled.status()).as("%s", enabled).isEqualTo(200);
        assertThat(enabled.json().path("mfa").path("softwareToken").path("enabled").asBoolean()).isTrue();
        assertThat(enabled.body()).doesNotContain(secret);
    }

    /**
     * The message budgets are counted in the shared database: sign-ups from one end user's address through both nodes
     * spend one budget (20 an hour by default), which both nodes then enforce, refusing with nothing appended.
     */
    @Test
    void aSourceAddressesMessageBudgetIsSharedByTheNodes() {
        TestApi nodeB = secondNodeAdmin();
        clock.advance(Duration.ofHours(1));
        String poolId = createPool("PG budgets", SMS_AND_TOTP.substring(0, SMS_AND_TOTP.length() - 1)
                + ",\"verification\":{\"autoVerifiedAttributes\":[\"phone_number\"]}}");
        String signUp = poolPath(poolId + "/sign-up");
        for (int i = 0; i < 20; i++) {
            TestApi node = i % 2 == 0 ? admin() : nodeB;
            TestApi.Response created = node.post(signUp, "{\"username\":\"budget" + i + "\",\"password\":"
                    + "\"Budget-Pass-123\",\"phoneNumber\":\"+1555555" + String.format("%04d", 1100 + i)
                    + "\",\"context\":{\"ipAddress\":\"198.51.100.200\"}}");
            assertThat(created.status()).as("%s", created).isEqualTo(201);
        }
        long events = jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry", Long.class);
        for (TestApi node : List.of(admin(), nodeB)) {
            TestApi.Response refused = node.post(signUp, "{\"username\":\"budget-over\",\"password\":"
                    + "\"Budget-Pass-123\",\"phoneNumber\":\"+15555551199\",\"context\":{\"ipAddress\":"
                    + "\"198.51.100.200\"}}");
            assertThat(refused.status()).as("%s", refused).isEqualTo(429);
            assertThat(refused.json().path("code").asText()).isEqualTo("LimitExceeded");
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry", Long.class)).isEqualTo(events);
        // what is counted is kept as keyed HMACs only
        assertThat(jdbc.queryForList("SELECT scope_key FROM limit_counter", String.class))
                .noneMatch(key -> key.contains("198.51.100.200") || key.contains("+1555555"));
    }

    /**
     * Sign-in across two nodes: two sessions, one started on each node, present the same TOTP code at once and
     * exactly one gets tokens (the loser's append of the user's next event conflicts, and its retry sees the step
     * used); failed steps on both nodes add up to one lockout, which both nodes then enforce.
     */
    @Test
    void aTotpCodeSignsInOnceAcrossNodesAndFailuresOnBothLockTheUserOut() throws Exception {
        TestApi nodeB = secondNodeAdmin();
        clock.advance(Duration.ofMinutes(1));
        String poolId = createPool("PG sign-in", TOTP);
        String users = poolPath(poolId + "/users");
        TestApi.Response client = admin().post(poolPath(poolId + "/clients"), "{\"name\":\"web\","
                + "\"explicitAuthFlows\":[\"ALLOW_USER_PASSWORD_AUTH\"]}");
        assertThat(client.status()).as("%s", client).isEqualTo(201);
        String clientId = client.json().path("clientId").asText();
        assertThat(admin().post(users, "{\"username\":\"ursula\",\"temporaryPassword\":\"Temp-Pass-123\"}")
                .status()).isEqualTo(201);
        assertThat(admin().put(users + "/ursula/password", "{\"password\":\"Ursulas-Pass-1\",\"permanent\":true}")
                .status()).isEqualTo(200);
        String secret = admin().post(users + "/ursula/software-token", null).json().path("secretCode").asText();
        com.authledger.user.factor.Totp totp = new com.authledger.user.factor.Totp();
        assertThat(admin().post(users + "/ursula/software-token/verify", "{\"userCode\":\""
                + totp.codeAt(secret, com.authledger.user.factor.Totp.step(clock.instant())) + "\"}").status())
                .isEqualTo(200);
        assertThat(admin().put(users + "/ursula/mfa-preference",
                "{\"softwareToken\":{\"enabled\":true,\"preferred\":true}}").status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(30));

        String initiate = "{\"clientId\":\"" + clientId + "\",\"authFlow\":\"USER_PASSWORD_AUTH\","
                + "\"authParameters\":{\"USERNAME\":\"ursula\",\"PASSWORD\":\"%s\"}}";
        String auth = poolPath(poolId + "/auth");
        TestApi.Response onA = admin().post(auth + "/initiate", initiate.formatted("Ursulas-Pass-1"));
        TestApi.Response onB = nodeB.post(auth + "/initiate", initiate.formatted("Ursulas-Pass-1"));
        assertThat(onA.json().path("challengeName").asText()).as("%s", onA).isEqualTo("SOFTWARE_TOKEN_MFA");
        assertThat(onB.json().path("challengeName").asText()).as("%s", onB).isEqualTo("SOFTWARE_TOKEN_MFA");
        String code = totp.codeAt(secret, com.authledger.user.factor.Totp.step(clock.instant()));
        String respond = "{\"clientId\":\"" + clientId + "\",\"challengeName\":\"SOFTWARE_TOKEN_MFA\","
                + "\"session\":\"%s\",\"challengeResponses\":{\"SOFTWARE_TOKEN_MFA_CODE\":\"" + code + "\"}}";
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.Future<TestApi.Response> answerA = threads.submit(() -> {
            start.await();
            return admin().post(auth + "/respond", respond.formatted(onA.json().path("session").asText()));
        });
        java.util.concurrent.Future<TestApi.Response> answerB = threads.submit(() -> {
            start.await();
            return nodeB.post(auth + "/respond", respond.formatted(onB.json().path("session").asText()));
        });
        start.countDown();
        List<TestApi.Response> answers = List.of(answerA.get(), answerB.get());
        threads.shutdown();
        assertThat(answers).as("%s", answers).extracting(TestApi.Response::status).containsExactlyInAnyOrder(200, 400);
        assertThat(answers).filteredOn(answer -> answer.status() == 400).singleElement()
                .satisfies(refused -> assertThat(refused.code()).isEqualTo("ExpiredCode"));
        assertThat(answers).filteredOn(answer -> answer.status() == 200).singleElement()
                .satisfies(signedIn -> assertThat(signedIn.json().path("authenticationResult").path("accessToken")
                        .asText()).isNotEmpty());

        // the refused code was the first failed step; four wrong passwords, on both nodes, make five
        for (TestApi node : List.of(admin(), admin(), nodeB, nodeB)) {
            assertThat(node.post(auth + "/initiate", initiate.formatted("Wrong-Pass-1")).code())
                    .isEqualTo("NotAuthorized");
        }
        for (TestApi node : List.of(admin(), nodeB)) {
            TestApi.Response locked = node.post(auth + "/initiate", initiate.formatted("Ursulas-Pass-1"));
            assertThat(locked.status()).as("%s", locked).isEqualTo(429);
            assertThat(locked.code()).isEqualTo("PasswordAttemptsExceeded");
        }
    }

    /**
     * Sign-in lockout across nodes: a burst of wrong passwords, half through each node, is counted one by one for a
     * user (its aggregate's events, appended in order) and for a name nobody has (its row, locked while it is
     * checked and counted), so both answer five NotAuthorized and then PasswordAttemptsExceeded, and the answers do
     * not tell who exists.
     */
    @Test
    void concurrentGuessesAcrossNodesLockOutAUserAndAnUnknownNameAlike() throws Exception {
        TestApi nodeB = secondNodeAdmin();
        clock.advance(Duration.ofMinutes(1));
        String poolId = createPool("PG lockout", OFF);
        TestApi.Response client = admin().post(poolPath(poolId + "/clients"), "{\"name\":\"web\","
                + "\"explicitAuthFlows\":[\"ALLOW_USER_PASSWORD_AUTH\",\"ALLOW_REFRESH_TOKEN_AUTH\"]}");
        assertThat(client.status()).as("%s", client).isEqualTo(201);
        String clientId = client.json().path("clientId").asText();
        TestApi.Response user = admin().post(poolPath(poolId + "/users"),
                "{\"username\":\"guarded\",\"temporaryPassword\":\"Temp-Pass-123\"}");
        assertThat(user.status()).as("%s", user).isEqualTo(201);

        java.util.Map<Integer, Long> known = guesses(nodeB, poolId, clientId, "guarded", 10);
        java.util.Map<Integer, Long> unknown = guesses(nodeB, poolId, clientId, "nobody-at-all", 10);

        assertThat(known).as("the user").isEqualTo(java.util.Map.of(400, 5L, 429, 5L));
        assertThat(unknown).as("a name nobody has").isEqualTo(known);
    }

    private java.util.Map<Integer, Long> guesses(TestApi nodeB, String poolId, String clientId, String username,
                                                 int attempts) throws Exception {
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(attempts);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                TestApi node = i % 2 == 0 ? admin() : nodeB;
                results.add(threads.submit(() -> {
                    start.await();
                    return node.post(poolPath(poolId + "/auth/initiate"), "{\"clientId\":\"" + clientId
                            + "\",\"authFlow\":\"USER_PASSWORD_AUTH\",\"authParameters\":{\"USERNAME\":\""
                            + username + "\",\"PASSWORD\":\"Wrong-Pass-999\"}}").status();
                }));
            }
            start.countDown();
            java.util.Map<Integer, Long> statuses = new java.util.TreeMap<>();
            for (java.util.concurrent.Future<Integer> result : results) {
                statuses.merge(result.get(60, java.util.concurrent.TimeUnit.SECONDS), 1L, Long::sum);
            }
            return statuses;
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Node A answers from its cached copy without looking at the store when the requested configuration equals what
     * it has cached: after node B changed the pool, node A calls the old configuration "unchanged" at the old
     * version, and accepts an If-Match naming that old version. Nothing is appended, so no append race ever tells
     * node A its copy is stale (the WeakReferenceCache keeps it until a garbage collection clears it).
     */
    @Test
    void aNodeDoesNotAnswerFromAStaleCachedPool() {
        TestApi nodeB = secondNodeAdmin();
        clock.advance(Duration.ofMinutes(1));
        String poolId = createPool("PG two nodes stale", OFF);
        clock.advance(Duration.ofSeconds(10));
        assertThat(put(poolId, TOTP).json().path("version").asLong()).isEqualTo(1);

        Object cachedOnA = pinCachedPool(poolId);
        clock.advance(Duration.ofSeconds(10));
        assertThat(nodeB.put(poolPath(poolId + "/mfa-config"), SMS_AND_TOTP).json().path("version").asLong())
                .isEqualTo(2);

        clock.advance(Duration.ofSeconds(10));
        TestApi.Response backToTotp = put(poolId, TOTP);
        Reference.reachabilityFence(cachedOnA);
        assertThat(backToTotp.status()).as("%s", backToTotp).isEqualTo(200);
        assertThat(backToTotp.json().path("changed").asBoolean()).as("%s", backToTotp).isTrue();
        assertThat(backToTotp.json().path("version").asLong()).isEqualTo(3);
    }

    /**
     * Starts one embedded PostgreSQL for the test class (on first use, so that Spring's dynamic properties may ask
     * for it in any order) and closes it when the class's extension context closes: after every after-all callback,
     * so after Spring has closed the application context that was using it.
     */
    static final class EmbeddedPostgresExtension implements BeforeAllCallback {

        static final String USER = "postgres";
        private EmbeddedPostgres postgres;
        private Duration startup;

        synchronized String jdbcUrl() {
            return started().getJdbcUrl(USER, "postgres");
        }

        private synchronized EmbeddedPostgres started() {
            if (postgres == null) {
                long begin = System.nanoTime();
                try {
                    postgres = EmbeddedPostgres.builder().start();
                } catch (IOException e) {
                    throw new UncheckedIOException("Embedded PostgreSQL did not start", e);
                }
                startup = Duration.ofNanos(System.nanoTime() - begin);
                System.out.println("Embedded PostgreSQL started in " + startup.toMillis() + " ms on port "
                        + postgres.getPort());
            }
            return postgres;
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            started();
            context.getStore(ExtensionContext.Namespace.create(EmbeddedPostgresExtension.class))
                    .put("postgres", (ExtensionContext.Store.CloseableResource) this::close);
        }

        private synchronized void close() throws IOException {
            if (postgres != null) {
                long begin = System.nanoTime();
                postgres.close();
                System.out.println("Embedded PostgreSQL stopped in "
                        + Duration.ofNanos(System.nanoTime() - begin).toMillis() + " ms");
                postgres = null;
            }
        }
    }
}
