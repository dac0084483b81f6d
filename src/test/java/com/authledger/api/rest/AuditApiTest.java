package com.authledger.api.rest;

import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static com.authledger.api.rest.RestFixtures.ADAPTIVE_ON;
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

/**
 * The audit trail of MFA configuration changes (per pool, across pools, JSON pages and exports) and the
 * configuration as of an instant. Every test works in its own window of time on the test clock, so the filters
 * by time isolate it from the pools the other tests of the class create.
 */
@IntegrationTest
class AuditApiTest {

    private static final String AUDIT = "/api/v1/audit/mfa-config";
    private static final Instant EPOCH = Instant.parse("2027-01-01T00:00:00Z");
    private static final AtomicInteger WINDOWS = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MutableClock clock;

    private TestApi admin;
    private EventStoreProbe events;

    @BeforeEach
    void setUp() {
        admin = TestApi.admin(port);
        events = new EventStoreProbe(jdbc);
    }

    /** Moves the clock to the start of a window of time (30 days) that no other test of this class uses. */
    private Instant freshWindow() {
        Instant start = EPOCH.plus(Duration.ofDays(30L * WINDOWS.incrementAndGet()));
        clock.set(start);
        return start;
    }

    private TestApi as(String userAgent, String reason, String requestId) {
        return admin.header("User-Agent", userAgent).header("X-Reason", reason).header("X-Request-Id", requestId);
    }

    private static JsonNode items(TestApi.Response page) {
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return page.json().path("items");
    }

    private static List<Long> versions(JsonNode items) {
        List<Long> versions = new ArrayList<>();
        items.forEach(item -> versions.add(item.path("version").asLong()));
        return versions;
    }

    /** The configuration part of a GET mfa-config document: what the audit trail's before/after hold. */
    private static ObjectNode configurationOf(JsonNode document) {
        ObjectNode configuration = document.deepCopy();
        configuration.remove(List.of("poolId", "version", "validFrom", "validTo", "changed", "warnings"));
        return configuration;
    }

    /** A pool created at T0 and changed at T1 = T0 + 1h and T2 = T1 + 1h, each with its own agent and reason. */
    private record Story(String poolId, Instant t0, Instant t1, Instant t2) {
    }

    private Story threeVersions() {
        Instant t0 = freshWindow();
        String poolId = createPool(as("console/1.0", "initial setup", "req-create-" + t0.getEpochSecond()),
                pool("Audited", "OFF"));
        Instant t1 = clock.advance(Duration.ofHours(1));
        assertThat(as("cli/2.0", "enable MFA", "req-totp-" + t0.getEpochSecond())
                .put(mfaConfigPath(poolId), config("OPTIONAL", TOTP_ON)).status()).isEqualTo(200);
        Instant t2 = clock.advance(Duration.ofHours(1));
        assertThat(as("console/1.1", "add SMS", "req-sms-" + t0.getEpochSecond())
                .put(mfaConfigPath(poolId), config("OPTIONAL", SMS_ON, TOTP_ON, SENDER)).status()).isEqualTo(200);
        return new Story(poolId, t0, t1, t2);
    }

    // --- the history of one pool --------------------------------------------------------------------------------

    @Test
    void historyWhenCreatedAndChangedThenEntriesInOrderWithWhoWhenWhyBeforeAndAfter() {
        Story story = threeVersions();
        long id = story.t0().getEpochSecond();

        JsonNode items = items(admin.get(historyPath(story.poolId())));

        assertThat(items).hasSize(3);
        assertThat(versions(items)).containsExactly(0L, 1L, 2L);
        String[] agents = {"console/1.0", "cli/2.0", "console/1.1"};
        String[] reasons = {"initial setup", "enable MFA", "add SMS"};
        String[] requestIds = {"req-create-" + id, "req-totp-" + id, "req-sms-" + id};
        Instant[] instants = {story.t0(), story.t1(), story.t2()};
        for (int i = 0; i < 3; i++) {
            JsonNode entry = items.get(i);
            assertThat(entry.path("eventId").asText()).isNotBlank();
            assertThat(Instant.parse(entry.path("occurredAt").asText())).isEqualTo(instants[i]);
            assertThat(entry.path("poolId").asText()).isEqualTo(story.poolId());
            assertThat(entry.path("scope").asText()).isEqualTo("pool");
            assertThat(entry.path("change").asText()).isEqualTo(i == 0 ? "PoolCreated" : "PoolMfaConfigured");
            assertThat(entry.path("actor").asText()).isEqualTo("apikey:test-admin");
            assertThat(entry.path("sourceIp").asText()).isEqualTo("127.0.0.1");
            assertThat(entry.path("userAgent").asText()).isEqualTo(agents[i]);
            assertThat(entry.path("requestId").asText()).isEqualTo(requestIds[i]);
            assertThat(entry.path("reason").asText()).isEqualTo(reasons[i]);
            assertThat(entry.path("after").isObject()).as("after is a JSON object").isTrue();
        }
        assertThat(items.get(0).has("before")).as("a creation has no before").isFalse();
        assertThat(items.get(1).path("before").isObject()).isTrue();
        assertThat(items.get(1).path("before")).isEqualTo(items.get(0).path("after"));
        assertThat(items.get(2).path("before")).isEqualTo(items.get(1).path("after"));
        assertThat(items.get(0).path("eventId")).isNotEqualTo(items.get(1).path("eventId"));

        // before and after are in the API's own shape: exactly the configuration part of GET mfa-config.
        JsonNode current = admin.get(mfaConfigPath(story.poolId())).json();
        assertThat(items.get(2).path("after")).isEqualTo(configurationOf(current));
        JsonNode first = admin.get(mfaConfigPath(story.poolId()) + "?asOf=" + story.t0()).json();
        assertThat(items.get(0).path("after")).isEqualTo(configurationOf(first));
        JsonNode after = items.get(2).path("after");
        assertThat(after.path("mfaMode").asText()).isEqualTo("OPTIONAL");
        assertThat(after.path("smsMfa").path("enabled").asBoolean()).isTrue();
        assertThat(after.path("totpMfa").path("enabled").asBoolean()).isTrue();
        assertThat(after.path("adaptiveAuthentication").path("enforced").asBoolean(true)).isFalse();
        assertThat(after.path("smsSender").path("region").asText()).isEqualTo("us-east-1");
        assertThat(items.get(1).path("before").path("mfaMode").asText()).isEqualTo("OFF");
    }

    @Test
    void historyWhenChangeRefusedOrIdenticalThenNoEntryAndNothingAppended() {
        freshWindow();
        String poolId = createPool(admin, pool("Refusals", "OPTIONAL", TOTP_ON, ADAPTIVE_ON));
        long before = events.eventCount();

        assertProblem(admin.header("X-Reason", "try to leave OPTIONAL").put(mfaConfigPath(poolId),
                config("OFF", TOTP_ON)), 409, "AdaptiveAuthenticationActive");
        TestApi.Response identical = admin.header("X-Reason", "no-op").put(mfaConfigPath(poolId),
                config("OPTIONAL", TOTP_ON, ADAPTIVE_ON));
        assertThat(identical.json().path("changed").asBoolean(true)).isFalse();

        assertThat(events.eventCount()).isEqualTo(before);
        assertThat(items(admin.get(historyPath(poolId)))).hasSize(1);
    }

    @Test
    void historyWhenFilteredByTimeThenFromInclusiveAndToExclusive() {
        Story s = threeVersions();
        String history = historyPath(s.poolId());

        assertThat(versions(items(admin.get(history + "?from=" + s.t1())))).containsExactly(1L, 2L);
        assertThat(versions(items(admin.get(history + "?to=" + s.t1())))).containsExactly(0L);
        assertThat(versions(items(admin.get(history + "?from=" + s.t1() + "&to=" + s.t2())))).containsExactly(1L);
        assertThat(versions(items(admin.get(history + "?from=" + s.t0() + "&to=" + s.t2().plusNanos(1000)))))
                .containsExactly(0L, 1L, 2L);
        assertThat(versions(items(admin.get(history + "?from=" + s.t2().plusSeconds(1))))).isEmpty();
        assertThat(versions(items(admin.get(history + "?from=" + s.t0().minusSeconds(1) + "&to=" + s.t0()))))
                .isEmpty();
    }

    @Test
    void historyWhenFilteredByActorThenOnlyThatActorsChanges() {
        Story s = threeVersions();
        String history = historyPath(s.poolId());

        assertThat(versions(items(admin.get(history + "?actor=apikey:test-admin")))).containsExactly(0L, 1L, 2L);
        assertThat(versions(items(admin.get(history + "?actor=apikey:test-auditor")))).isEmpty();
        assertThat(versions(items(admin.get(history + "?actor=test-admin")))).as("the actor is matched exactly")
                .isEmpty();
        assertThat(versions(items(admin.get(history + "?actor=apikey:test-admin&from=" + s.t2()))))
                .containsExactly(2L);
    }

    @Test
    void historyWhenPagedThenNextPageTokenWalksAllEntriesInOrder() {
        freshWindow();
        String poolId = createPool(admin, pool("Paged", "OFF"));
        String[] changes = {config("OPTIONAL", TOTP_ON), config("OFF", TOTP_ON), config("OPTIONAL", TOTP_ON),
                config("OPTIONAL", SMS_ON, TOTP_ON, SENDER)};
        for (String change : changes) {
            clock.advance(Duration.ofMinutes(10));
            assertThat(admin.put(mfaConfigPath(poolId), change).status()).isEqualTo(200);
        }

        List<Long> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        do {
            TestApi.Response page = admin.get(historyPath(poolId) + "?pageSize=2"
                    + (token == null ? "" : "&pageToken=" + token));
            JsonNode items = items(page);
            pageSizes.add(items.size());
            seen.addAll(versions(items));
            token = page.json().path("nextPageToken").asText(null);
        } while (token != null && pageSizes.size() < 10);

        assertThat(pageSizes).containsExactly(2, 2, 1);
        assertThat(seen).containsExactly(0L, 1L, 2L, 3L, 4L);
        TestApi.Response whole = admin.get(historyPath(poolId) + "?pageSize=5");
        assertThat(items(whole)).hasSize(5);
        assertThat(whole.json().has("nextPageToken")).as("no token when nothing follows").isFalse();
    }

    @Test
    void historyWhenPoolUnknownThenPoolNotFound() {
        assertProblem(admin.get(historyPath("us-east-1_Zz9Zz9Zz9")), 404, "PoolNotFound");
        assertProblem(admin.get(historyPath("us-east-1_Zz9Zz9Zz9") + "?format=csv"), 404, "PoolNotFound");
    }

    // --- across pools -------------------------------------------------------------------------------------------

    @Test
    void auditWhenTwoPoolsChangedThenAllEntriesInOrderAndPoolIdFilters() {
        Instant start = freshWindow();
        String a = createPool(admin, pool("Pool A", "OFF"));
        clock.advance(Duration.ofMinutes(1));
        String b = createPool(admin, pool("Pool B", "OFF"));
        clock.advance(Duration.ofMinutes(1));
        admin.put(mfaConfigPath(a), config("OPTIONAL", TOTP_ON));
        clock.advance(Duration.ofMinutes(1));
        admin.put(mfaConfigPath(b), config("OPTIONAL", TOTP_ON));
        Instant end = clock.advance(Duration.ofMinutes(1));
        String window = "from=" + start + "&to=" + end;

        JsonNode all = items(admin.get(AUDIT + "?" + window));
        assertThat(all).hasSize(4);
        List<String> order = new ArrayList<>();
        all.forEach(entry -> order.add(entry.path("poolId").asText() + "@" + entry.path("version").asLong()));
        assertThat(order).containsExactly(a + "@0", b + "@0", a + "@1", b + "@1");

        JsonNode onlyA = items(admin.get(AUDIT + "?poolId=" + a));
        assertThat(onlyA).hasSize(2);
        onlyA.forEach(entry -> assertThat(entry.path("poolId").asText()).isEqualTo(a));
        assertThat(versions(onlyA)).containsExactly(0L, 1L);
        assertThat(items(admin.get(AUDIT + "?poolId=" + b + "&" + window))).hasSize(2);

        TestApi.Response firstPage = admin.get(AUDIT + "?pageSize=3&" + window);
        assertThat(items(firstPage)).hasSize(3);
        String token = firstPage.json().path("nextPageToken").asText();
        JsonNode rest = items(admin.get(AUDIT + "?pageSize=3&" + window + "&pageToken=" + token));
        assertThat(rest).hasSize(1);
        assertThat(rest.get(0).path("poolId").asText()).isEqualTo(b);
        assertThat(rest.get(0).path("version").asLong()).isEqualTo(1);
    }

    @Test
    void auditWhenPoolIdNamesNoPoolThenEmpty() {
        assertThat(items(admin.get(AUDIT + "?poolId=us-east-1_Zz9Zz9Zz9"))).isEmpty();
    }

    // --- where a change came from -------------------------------------------------------------------------------

    @Test
    void historyWhenForwardedByTrustedProxyThenClientAddressRecorded() {
        freshWindow();
        String poolId = createPool(admin.header("X-Forwarded-For", "203.0.113.9"), pool("Forwarded", "OFF"));
        admin.header("X-Forwarded-For", "198.51.100.7, 127.0.0.1").put(mfaConfigPath(poolId),
                config("OPTIONAL", TOTP_ON));
        admin.header("X-Forwarded-For", "not-an-address").put(mfaConfigPath(poolId), config("OFF", TOTP_ON));

        JsonNode items = items(admin.get(historyPath(poolId)));

        assertThat(items.get(0).path("sourceIp").asText()).isEqualTo("203.0.113.9");
        assertThat(items.get(1).path("sourceIp").asText()).as("trusted proxy hops are skipped from the right")
                .isEqualTo("198.51.100.7");
        assertThat(items.get(2).path("sourceIp").asText()).as("a forged, non-address header is not believed")
                .isEqualTo("127.0.0.1");
    }

    @Test
    void historyWhenReasonIsUtf8WithoutC1BytesThenRecordedIntact() {
        freshWindow();
        String reason = "M\u00fcller caf\u00e9 \u00bfs\u00ed?";
        RawHttp.Response created = createWithUtf8Reason("Utf8", reason);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String poolId = readTree(created.body()).path("poolId").asText();
        assertThat(items(admin.get(historyPath(poolId))).get(0).path("reason").asText()).isEqualTo(reason);
    }

    @Test
    void historyWhenReasonHoldsDashEuroOrEmojiThenRecordedIntact() {
        freshWindow();
        String reason = "Ticket 42 \u2014 \u20ac5 \ud83d\ude00 \u65e5\u672c";

        RawHttp.Response created = createWithUtf8Reason("Utf8 emoji", reason);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String poolId = readTree(created.body()).path("poolId").asText();
        assertThat(items(admin.get(historyPath(poolId))).get(0).path("reason").asText()).isEqualTo(reason);
    }

    // --- exports ------------------------------------------------------------------------------------------------

    @Test
    void exportWhenJsonlThenOneJsonObjectPerLineEqualToThePage() {
        Story s = threeVersions();

        TestApi.Response export = admin.get(historyPath(s.poolId()) + "?format=jsonl");

        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("application/jsonl");
        assertThat(export.header("Content-Disposition")).startsWith("attachment");
        assertThat(export.body()).endsWith("\n");
        String[] lines = export.body().split("\n");
        assertThat(lines).hasSize(3);
        JsonNode page = items(admin.get(historyPath(s.poolId())));
        for (int i = 0; i < lines.length; i++) {
            JsonNode line = readTree(lines[i]);
            assertThat(line.isObject()).isTrue();
            assertThat(line).isEqualTo(page.get(i));
        }
        String across = admin.get(AUDIT + "?format=jsonl&from=" + s.t0() + "&poolId=" + s.poolId()).body();
        assertThat(across.split("\n")).hasSize(3);
    }

    @Test
    void exportWhenCsvThenHeaderRowRfc4180RowsAndFormulaCellsNeutralised() {
        freshWindow();
        String poolId = createPool(as("=cmd|' /C calc'!A0", "=HYPERLINK(\"x\")", "req-csv-1"),
                pool("Csv", "OFF"));
        String[] reasons = {"+SUM(A1)", "-2+3", "@evil", "plain, with \"quotes\""};
        String[] configs = {config("OPTIONAL", TOTP_ON), config("OFF", TOTP_ON), config("OPTIONAL", TOTP_ON),
                config("OFF", TOTP_ON)};
        for (int i = 0; i < reasons.length; i++) {
            clock.advance(Duration.ofMinutes(1));
            assertThat(admin.header("X-Reason", reasons[i]).put(mfaConfigPath(poolId), configs[i]).status())
                    .isEqualTo(200);
        }

        TestApi.Response export = admin.get(historyPath(poolId) + "?format=csv");

        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("text/csv");
        assertThat(export.header("Content-Disposition")).startsWith("attachment");
        String body = export.body();
        assertThat(body).startsWith("event_id,occurred_at,pool_id,scope,change,version,actor,source_ip,user_agent,"
                + "request_id,reason,user_sub,username,initiated_by,notified_users,before,after\r\n");
        assertThat(body).endsWith("\r\n");
        assertThat(body).contains("\"'=HYPERLINK(\"\"x\"\")\"");
        List<CSVRecord> rows = parseCsv(body);
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0).get("reason")).isEqualTo("'=HYPERLINK(\"x\")");
        assertThat(rows.get(0).get("user_agent")).isEqualTo("'=cmd|' /C calc'!A0");
        assertThat(rows.get(1).get("reason")).isEqualTo("'+SUM(A1)");
        assertThat(rows.get(2).get("reason")).isEqualTo("'-2+3");
        assertThat(rows.get(3).get("reason")).isEqualTo("'@evil");
        assertThat(rows.get(4).get("reason")).as("an ordinary cell is left alone").isEqualTo("plain, with \"quotes\"");
        assertThat(rows.get(0).get("before")).isEmpty();
        assertThat(rows.get(0).get("pool_id")).isEqualTo(poolId);
        assertThat(rows.get(0).get("change")).isEqualTo("PoolCreated");
        assertThat(rows.get(0).get("version")).isEqualTo("0");
        assertThat(rows.get(0).get("actor")).isEqualTo("apikey:test-admin");
        assertThat(rows.get(0).get("request_id")).isEqualTo("req-csv-1");
        assertThat(rows.get(0).get("source_ip")).isEqualTo("127.0.0.1");
        assertThat(Instant.parse(rows.get(1).get("occurred_at"))).isAfter(Instant.parse(rows.get(0).get("occurred_at")));
        assertThat(readTree(rows.get(1).get("before"))).isEqualTo(readTree(rows.get(0).get("after")));
        assertThat(readTree(rows.get(4).get("after")).path("mfaMode").asText()).isEqualTo("OFF");
        JsonNode page = items(admin.get(historyPath(poolId)));
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).get("event_id")).isEqualTo(page.get(i).path("eventId").asText());
        }
    }

    @Test
    void exportWhenCsvAcrossPoolsThenOnlyTheFilteredWindow() {
        Instant start = freshWindow();
        String a = createPool(admin, pool("Csv A", "OFF"));
        clock.advance(Duration.ofMinutes(1));
        String b = createPool(admin, pool("Csv B", "OFF"));
        Instant end = clock.advance(Duration.ofMinutes(1));

        List<CSVRecord> rows = parseCsv(admin.get(AUDIT + "?format=csv&from=" + start + "&to=" + end).body());

        assertThat(rows).extracting(row -> row.get("pool_id")).containsExactly(a, b);
    }

    @Test
    void exportWhenFormatUnknownThenInvalidParameterAndNothingAppended() {
        freshWindow();
        String poolId = createPool(admin, pool("Xml", "OFF"));
        long before = events.eventCount();

        var history = assertProblem(admin.get(historyPath(poolId) + "?format=xml"), 400, "InvalidParameter");
        var audit = assertProblem(admin.get(AUDIT + "?format=xml"), 400, "InvalidParameter");

        assertThat(history.path("detail").asText()).startsWith("format ");
        assertThat(audit.path("detail").asText()).startsWith("format ");
        assertThat(events.eventCount()).isEqualTo(before);
    }

    // --- as of an instant ---------------------------------------------------------------------------------------

    @Test
    void mfaConfigWhenAsOfBetweenChangesThenConfigurationValidAtThatInstant() {
        Story s = threeVersions();
        String path = mfaConfigPath(s.poolId()) + "?asOf=";

        TestApi.Response first = admin.get(path + s.t0().plus(Duration.ofMinutes(30)));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("ETag")).isEqualTo("\"0\"");
        assertThat(first.json().path("version").asLong()).isZero();
        assertThat(first.json().path("mfaMode").asText()).isEqualTo("OFF");
        assertThat(Instant.parse(first.json().path("validFrom").asText())).isEqualTo(s.t0());
        assertThat(Instant.parse(first.json().path("validTo").asText())).isEqualTo(s.t1());

        TestApi.Response second = admin.get(path + s.t1().plus(Duration.ofMinutes(59)));
        assertThat(second.json().path("version").asLong()).isEqualTo(1);
        assertThat(second.json().path("mfaMode").asText()).isEqualTo("OPTIONAL");
        assertThat(second.json().path("smsMfa").path("enabled").asBoolean()).isFalse();
        assertThat(Instant.parse(second.json().path("validFrom").asText())).isEqualTo(s.t1());
        assertThat(Instant.parse(second.json().path("validTo").asText())).isEqualTo(s.t2());

        assertThat(admin.get(path + s.t0()).json().path("version").asLong()).as("validFrom is inclusive").isZero();
        assertThat(admin.get(path + s.t1()).json().path("version").asLong()).as("validTo is exclusive")
                .isEqualTo(1);
        assertThat(admin.get(path + s.t1().minusNanos(1000)).json().path("version").asLong()).isZero();
    }

    @Test
    void mfaConfigWhenAsOfBeforeCreationThenPoolNotYetCreated() {
        Story s = threeVersions();

        JsonNode problem = assertProblem(admin.get(mfaConfigPath(s.poolId()) + "?asOf=" + s.t0().minusSeconds(1)),
                404, "PoolNotYetCreated");

        assertThat(problem.path("detail").asText()).contains("asOf");
        assertProblem(admin.get(mfaConfigPath(s.poolId()) + "?asOf=" + s.t0().minusNanos(1000)), 404,
                "PoolNotYetCreated");
    }

    @Test
    void mfaConfigWhenAsOfAfterLastChangeThenCurrentConfiguration() {
        Story s = threeVersions();
        TestApi.Response current = admin.get(mfaConfigPath(s.poolId()));

        TestApi.Response later = admin.get(mfaConfigPath(s.poolId()) + "?asOf=" + s.t2().plus(Duration.ofDays(1)));
        TestApi.Response atLast = admin.get(mfaConfigPath(s.poolId()) + "?asOf=" + s.t2());

        assertThat(later.status()).isEqualTo(200);
        assertThat(later.header("ETag")).isEqualTo("\"2\"").isEqualTo(current.header("ETag"));
        assertThat(later.json()).isEqualTo(current.json());
        assertThat(later.json().has("validTo")).isFalse();
        assertThat(Instant.parse(later.json().path("validFrom").asText())).isEqualTo(s.t2());
        assertThat(later.json().path("smsMfa").path("enabled").asBoolean()).isTrue();
        assertThat(atLast.json()).isEqualTo(current.json());
    }

    @Test
    void historyWhenClockStepsBackBetweenChangesThenTimeNeverRunsBackwardsWithinAPool() {
        Instant t0 = freshWindow();
        String poolId = createPool(admin, pool("Skewed", "OFF"));
        clock.advance(Duration.ofHours(1));
        admin.put(mfaConfigPath(poolId), config("OPTIONAL", TOTP_ON));
        clock.set(t0.plus(Duration.ofMinutes(30)));
        admin.put(mfaConfigPath(poolId), config("OPTIONAL", SMS_ON, TOTP_ON, SENDER));

        JsonNode items = items(admin.get(historyPath(poolId)));
        for (int i = 1; i < items.size(); i++) {
            assertThat(Instant.parse(items.get(i).path("occurredAt").asText()))
                    .isAfterOrEqualTo(Instant.parse(items.get(i - 1).path("occurredAt").asText()));
        }
        JsonNode version1 = admin.get(mfaConfigPath(poolId) + "?asOf=" + t0.plus(Duration.ofHours(1))).json();
        assertThat(version1.path("version").asLong()).isGreaterThanOrEqualTo(1);
        JsonNode current = admin.get(mfaConfigPath(poolId)).json();
        assertThat(Instant.parse(current.path("validFrom").asText())).isAfterOrEqualTo(t0.plus(Duration.ofHours(1)));
    }

    /** POST /pools with the X-Reason header as the UTF-8 bytes of {@code reason}, as a browser or curl sends it. */
    private RawHttp.Response createWithUtf8Reason(String name, String reason) {
        byte[] headers = ("Authorization: Bearer " + TestApi.ADMIN_KEY + "\r\nContent-Type: application/json\r\n"
                + "X-Reason: ").getBytes(StandardCharsets.ISO_8859_1);
        byte[] value = (reason + "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[headers.length + value.length];
        System.arraycopy(headers, 0, all, 0, headers.length);
        System.arraycopy(value, 0, all, headers.length, value.length);
        return RawHttp.send(port, "POST", POOLS, all, pool(name, "OFF").getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<CSVRecord> parseCsv(String body) {
        try (CSVParser parser = CSVParser.parse(body,
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            return parser.getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
