package com.authledger.infra;

import com.authledger.support.DurablePostgres;
import com.authledger.support.PackagedService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.fail;

/**
 * An answered write survives a crash of the service ({@link DurableCommits}), shown on the packaged jar the hard way:
 * four clients change MFA configurations, the service is killed with SIGKILL at a seeded random moment and started
 * again on the same database. Every change answered 200 must be there with the configuration it answered, the
 * versions must have no gap, the projections must hold exactly what the events say, and the service must go on from
 * there. Once on the embedded H2 file database and once on PostgreSQL (embedded in this JVM, running on across the
 * kill). Against the build before H2's commits were durable, it failed: the changes answered in the last moments
 * before the kill (H2's WRITE_DELAY, 500 ms) were gone.
 *
 * <p>Each run prints its seed: {@code -Dcrash.seed=<seed>} replays the same kill delays. Run by failsafe after
 * package ({@code ./mvnw verify}); {@code -Dauthledger.jar=<path>} points it at another build of the service.
 */
class CrashDurabilityIT {

    private static final int POOLS = 4;
    /** The load runs this long before the kill, plus a seeded random part of {@link #KILL_SPREAD_MS}. */
    private static final int KILL_AFTER_MIN_MS = 3_000;
    private static final int KILL_SPREAD_MS = 5_000;
    private static final int MAX_REQUESTS_PER_CLIENT = 100_000;
    private static final int CHANGES_AFTER_RESTART = 3;
    private static final int HISTORY_PAGE = 200;
    private static final int MAX_HISTORY_PAGES = 1_000;
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration CLIENTS_END_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROJECTION_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final long SEED = Long.getLong("crash.seed", ThreadLocalRandom.current().nextLong());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The two configurations each client alternates between (those of MfaConfigThroughputBenchmark). */
    private static final String SENDER = "\"smsSender\":{\"credentialsRef\":\"arn:aws:iam::123456789012:role/sms\","
            + "\"region\":\"us-east-1\"}";
    private static final String CONFIG_A = "{\"mfaMode\":\"OPTIONAL\",\"totpMfa\":{\"enabled\":true},"
            + "\"smsMfa\":{\"enabled\":true,\"message\":\"Your code is {####}\"}," + SENDER + "}";
    private static final String CONFIG_B = "{\"mfaMode\":\"OPTIONAL\",\"totpMfa\":{\"enabled\":true},"
            + "\"smsMfa\":{\"enabled\":false,\"message\":\"Your code is {####}\"}," + SENDER + "}";
    /**
     * After the restart: adaptive authentication on, which the load never sets, so that a change written after the
     * restart can never pass for one answered before the kill at a reused version.
     */
    private static final List<String> CONFIGS_AFTER_RESTART = List.of(
            CONFIG_A.replace("}}", "},\"adaptiveAuthentication\":{\"enabled\":true}}"),
            CONFIG_B.replace("}}", "},\"adaptiveAuthentication\":{\"enabled\":true}}"),
            CONFIG_A.replace("}}", "},\"adaptiveAuthentication\":{\"enabled\":true}}"));

    private enum Storage { H2, POSTGRESQL }

    @Test
    void answeredChangesSurviveAKillOnTheEmbeddedH2File() throws Exception {
        crashAndRestart(Storage.H2);
    }

    @Test
    void answeredChangesSurviveAKillOnPostgresql() throws Exception {
        crashAndRestart(Storage.POSTGRESQL);
    }

    private void crashAndRestart(Storage storage) throws Exception {
        String jarProperty = System.getProperty("authledger.jar");
        if (jarProperty == null) {
            fail("No -Dauthledger.jar: the packaged service to test (failsafe sets it to the one package built)");
        }
        Path jar = Path.of(jarProperty);
        long killAfterMs = KILL_AFTER_MIN_MS + new Random(SEED + storage.ordinal()).nextInt(KILL_SPREAD_MS + 1);
        String name = "CrashDurabilityIT[" + storage + "]";
        System.out.printf(Locale.ROOT, "%s: seed %d (replay with -Dcrash.seed=%d), the kill after %d ms of load, "
                + "jar %s%n", name, SEED, SEED, killAfterMs, jar);

        long begin = System.nanoTime();
        Path work = Files.createTempDirectory("authledger-crash-" + storage.name().toLowerCase(Locale.ROOT) + "-");
        Path data = work.resolve("data");
        Path log = work.resolve("service.log");
        boolean passed = false;
        EmbeddedPostgres postgres = null;
        PackagedService service = null;
        try {
            List<String> args = new ArrayList<>();
            if (storage == Storage.POSTGRESQL) {
                postgres = DurablePostgres.start(work.resolve("postgres"));
                Path masterKeys = work.resolve("keys").resolve("master-keys");
                args.addAll(DurablePostgres.serviceArguments(postgres, masterKeys, data));
            }
            service = PackagedService.start(jar, data, log, args, HEALTH_TIMEOUT);
            long started = System.nanoTime();
            List<String> pools = createPools(service);

            Load load = loadAndKill(service, pools, killAfterMs);
            long killed = System.nanoTime();
            System.out.printf(Locale.ROOT, "%s: killed (SIGKILL) pid %d with %d changes answered 200; %d more "
                            + "answers read after the kill, %d requests in flight%n", name, service.pid(),
                    load.answeredAtKill(), load.answered() - load.answeredAtKill(), load.inFlight());
            if (!load.unexpected().isEmpty()) {
                fail(name + ": the load got unexpected answers before the kill: " + load.unexpected());
            }

            service = PackagedService.start(jar, data, log, args, HEALTH_TIMEOUT);
            long restarted = System.nanoTime();
            List<String> problems = new ArrayList<>();
            Map<String, List<Answer>> after = changesAfterRestart(service, pools, problems);
            awaitProjections(service, after, problems);
            Map<String, List<HistoryEntry>> history = new LinkedHashMap<>();
            Map<String, Current> current = new LinkedHashMap<>();
            for (String pool : pools) {
                history.put(pool, history(service, pool));
                current.put(pool, current(service, pool));
            }
            long checked = System.nanoTime();
            if (!service.stop(STOP_TIMEOUT)) {
                System.out.println(name + ": the service did not stop within " + STOP_TIMEOUT + " of SIGTERM; killed");
            }

            Map<String, Stored> stored = read(storage, data, postgres, pools);
            for (String pool : pools) {
                check(pool, load.answers().get(pool), after.get(pool), stored.get(pool), history.get(pool),
                        current.get(pool), problems);
            }
            long lost = lostAnswers(load, stored);
            System.out.printf(Locale.ROOT, "%s: %d changes answered, %d lost; start %.1f s, load %.1f s, restart "
                            + "%.1f s, changes and reads after it %.1f s, stop and checks %.1f s, %.1f s in all%n",
                    name, load.answered(), lost, seconds(begin, started), seconds(started, killed),
                    seconds(killed, restarted), seconds(restarted, checked), seconds(checked, System.nanoTime()),
                    seconds(begin, System.nanoTime()));
            if (!problems.isEmpty()) {
                fail(name + " (seed " + SEED + ", killed after " + killAfterMs + " ms of load, " + load.answered()
                        + " changes answered, " + lost + " of them lost):\n  " + String.join("\n  ", problems));
            }
            passed = true;
        } finally {
            if (service != null) {
                service.close();
            }
            if (postgres != null) {
                postgres.close();
            }
            if (passed) {
                deleteRecursively(work);
            } else {
                System.out.println(name + ": FAILED; kept " + work + " (the service's log: " + log + ")");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------- load

    private static List<String> createPools(PackagedService service) throws IOException {
        List<String> pools = new ArrayList<>();
        for (int i = 0; i < POOLS; i++) {
            PackagedService.Response created = service.send("POST", "/api/v1/pools",
                    "{\"name\":\"crash " + i + "\"," + CONFIG_B.substring(1));
            if (created.status() != 201) {
                fail("Could not create pool " + i + ": " + created);
            }
            pools.add(json(created.body()).path("poolId").asText());
        }
        return pools;
    }

    /** A change the service answered 200 with "changed": true: its version and the configuration it answered. */
    private record Answer(long version, Mfa mfa) {
    }

    /**
     * What the load saw: per pool, every change answered 200 (in the order answered), how many of them had been
     * answered when the kill was sent, the requests that got no answer, and any answer that was not a change.
     */
    private record Load(Map<String, List<Answer>> answers, long answeredAtKill, long inFlight,
                        List<String> unexpected) {
        long answered() {
            return answers.values().stream().mapToLong(List::size).sum();
        }
    }

    /**
     * One client per pool, each alternating two configurations one request at a time, until the service is killed
     * after {@code killAfterMs}: then each client's request in flight fails and the client ends.
     */
    private static Load loadAndKill(PackagedService service, List<String> pools, long killAfterMs)
            throws InterruptedException {
        Map<String, List<Answer>> answers = new LinkedHashMap<>();
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        AtomicLong answered = new AtomicLong();
        AtomicLong inFlight = new AtomicLong();
        CountDownLatch done = new CountDownLatch(pools.size());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(killAfterMs)
                + CLIENTS_END_TIMEOUT.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (String pool : pools) {
            List<Answer> mine = new ArrayList<>();
            answers.put(pool, mine);
            Thread client = new Thread(() -> {
                String path = "/api/v1/pools/" + pool + "/mfa-config";
                try {
                    for (int i = 0; i < MAX_REQUESTS_PER_CLIENT && System.nanoTime() < deadline; i++) {
                        PackagedService.Response response;
                        try {
                            response = service.send("PUT", path, i % 2 == 0 ? CONFIG_A : CONFIG_B);
                        } catch (IOException e) {
                            inFlight.incrementAndGet(); // the kill: this request may or may not have been applied
                            return;
                        }
                        JsonNode body = response.status() == 200 ? json(response.body()) : null;
                        if (body == null || !body.path("changed").asBoolean()) {
                            unexpected.add("pool " + pool + ": " + response);
                            return;
                        }
                        long version = body.path("version").asLong(-1);
                        if (!("\"" + version + "\"").equals(response.etag())) {
                            unexpected.add("pool " + pool + ": version " + version + " answered with ETag "
                                    + response.etag());
                            return;
                        }
                        synchronized (mine) {
                            mine.add(new Answer(version, Mfa.ofView(body)));
                        }
                        answered.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    unexpected.add("pool " + pool + ": " + e);
                } finally {
                    done.countDown();
                }
            }, "crash-client-" + pool);
            clients.add(client);
            client.start();
        }
        // ends early only if every client has already stopped (an unexpected answer)
        done.await(killAfterMs, TimeUnit.MILLISECONDS);
        long answeredAtKill = answered.get();
        service.kill();
        if (!done.await(CLIENTS_END_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            clients.forEach(Thread::interrupt);
            fail("The clients did not end within " + CLIENTS_END_TIMEOUT + " of the kill");
        }
        for (Thread client : clients) {
            client.join(TimeUnit.SECONDS.toMillis(5));
        }
        Map<String, List<Answer>> copies = new LinkedHashMap<>();
        answers.forEach((pool, list) -> {
            synchronized (list) {
                copies.put(pool, List.copyOf(list));
            }
        });
        return new Load(copies, answeredAtKill, inFlight.get(), List.copyOf(unexpected));
    }

    /** A few more changes per pool after the restart: each must be answered 200 as a change. */
    private static Map<String, List<Answer>> changesAfterRestart(PackagedService service, List<String> pools,
                                                                 List<String> problems) throws IOException {
        Map<String, List<Answer>> answers = new LinkedHashMap<>();
        for (String pool : pools) {
            List<Answer> mine = new ArrayList<>();
            answers.put(pool, mine);
            for (String config : CONFIGS_AFTER_RESTART) {
                PackagedService.Response response = service.send("PUT", "/api/v1/pools/" + pool + "/mfa-config",
                        config);
                JsonNode body = response.status() == 200 ? json(response.body()) : null;
                if (body == null || !body.path("changed").asBoolean()) {
                    problems.add("pool " + pool + ": change " + (mine.size() + 1) + " after the restart was "
                            + "answered " + response);
                    break;
                }
                mine.add(new Answer(body.path("version").asLong(), Mfa.ofView(body)));
            }
        }
        return answers;
    }

    /**
     * Waits until each pool's projection shows the last change made after the restart. The pool projection reads
     * the event stream in order, so it then holds every event before that one as well.
     */
    private static void awaitProjections(PackagedService service, Map<String, List<Answer>> after,
                                         List<String> problems) throws IOException {
        long deadline = System.nanoTime() + PROJECTION_TIMEOUT.toNanos();
        for (Map.Entry<String, List<Answer>> pool : after.entrySet()) {
            if (pool.getValue().isEmpty()) {
                continue;
            }
            long target = pool.getValue().get(pool.getValue().size() - 1).version();
            long shown = current(service, pool.getKey()).version();
            while (shown < target && System.nanoTime() - deadline < 0) {
                PackagedService.pause(Duration.ofMillis(50));
                shown = current(service, pool.getKey()).version();
            }
            if (shown < target) {
                problems.add("pool " + pool.getKey() + ": the projection did not reach version " + target
                        + " within " + PROJECTION_TIMEOUT + " of the restart (it shows " + shown + ")");
            }
        }
    }

    // ------------------------------------------------------------------------------------------- what was stored

    /**
     * An MFA configuration in one shape for all the places it is read from: the API's answers, the audit trail, the
     * events' payloads and the projection's rows.
     */
    private record Mfa(String mode, boolean smsEnabled, String smsMessage, boolean totpEnabled,
                       boolean adaptiveEnabled, String senderCredentialsRef, String senderExternalId,
                       String senderRegion) {

        /** The API's shape (answers, GET, the audit trail's before and after). */
        static Mfa ofView(JsonNode view) {
            JsonNode sender = view.path("smsSender");
            return new Mfa(view.path("mfaMode").asText(), view.path("smsMfa").path("enabled").asBoolean(),
                    text(view.path("smsMfa").path("message")), view.path("totpMfa").path("enabled").asBoolean(),
                    view.path("adaptiveAuthentication").path("enabled").asBoolean(),
                    text(sender.path("credentialsRef")), text(sender.path("externalId")), text(sender.path("region")));
        }

        /** The events' shape (MfaSettings). */
        static Mfa ofSettings(JsonNode settings) {
            return new Mfa(settings.path("mode").asText(), settings.path("smsEnabled").asBoolean(),
                    text(settings.path("smsMessage")), settings.path("totpEnabled").asBoolean(),
                    settings.path("adaptiveEnabled").asBoolean(), text(settings.path("senderCredentialsRef")),
                    text(settings.path("senderExternalId")), text(settings.path("senderRegion")));
        }

        static Mfa ofRow(ResultSet row) throws SQLException {
            return new Mfa(row.getString("mfa_mode"), row.getBoolean("sms_enabled"), row.getString("sms_message"),
                    row.getBoolean("totp_enabled"), row.getBoolean("adaptive_enabled"),
                    row.getString("sender_credentials_ref"), row.getString("sender_external_id"),
                    row.getString("sender_region"));
        }

        private static String text(JsonNode node) {
            return node.isMissingNode() || node.isNull() ? null : node.asText();
        }

        @Override
        public String toString() {
            return mode + " sms " + (smsEnabled ? "on" : "off") + " totp " + (totpEnabled ? "on" : "off")
                    + " adaptive " + (adaptiveEnabled ? "on" : "off") + " sender " + senderCredentialsRef;
        }
    }

    /** A stored event of a pool: its sequence number, its payload type's simple name, and its configuration. */
    private record Event(long sequence, String type, Mfa mfa) {
    }

    /** A row of pool_mfa_config_version. */
    private record VersionRow(long version, boolean current, Mfa mfa) {
    }

    /** A pool as the database holds it once the service has stopped. */
    private record Stored(List<Event> events, List<VersionRow> versions) {
    }

    private record HistoryEntry(String change, long version, Mfa after) {
    }

    private record Current(long version, Mfa mfa) {
    }

    private static List<HistoryEntry> history(PackagedService service, String pool) throws IOException {
        List<HistoryEntry> entries = new ArrayList<>();
        String token = null;
        for (int page = 0; page < MAX_HISTORY_PAGES; page++) {
            PackagedService.Response response = service.send("GET", "/api/v1/pools/" + pool
                    + "/mfa-config/history?pageSize=" + HISTORY_PAGE + (token == null ? "" : "&pageToken=" + token),
                    null);
            if (response.status() != 200) {
                fail("pool " + pool + ": the history answered " + response);
            }
            JsonNode body = json(response.body());
            for (JsonNode item : body.path("items")) {
                entries.add(new HistoryEntry(item.path("change").asText(), item.path("version").asLong(),
                        item.path("after").isMissingNode() ? null : Mfa.ofView(item.path("after"))));
            }
            token = body.path("nextPageToken").isTextual() ? body.path("nextPageToken").asText() : null;
            if (token == null) {
                return entries;
            }
        }
        fail("pool " + pool + ": the history has more than " + MAX_HISTORY_PAGES + " pages");
        return entries;
    }

    private static Current current(PackagedService service, String pool) throws IOException {
        PackagedService.Response response = service.send("GET", "/api/v1/pools/" + pool + "/mfa-config", null);
        if (response.status() != 200) {
            fail("pool " + pool + ": GET mfa-config answered " + response);
        }
        JsonNode body = json(response.body());
        return new Current(body.path("version").asLong(), Mfa.ofView(body));
    }

    /**
     * The pools' events and configuration versions, straight from the database with the service stopped: H2 locks
     * its file while the service runs.
     */
    private static Map<String, Stored> read(Storage storage, Path data, EmbeddedPostgres postgres,
                                            List<String> pools) throws SQLException {
        String url = storage == Storage.H2
                ? "jdbc:h2:file:" + data.resolve("authledger").toAbsolutePath() + ";IFEXISTS=TRUE"
                : DurablePostgres.url(postgres);
        String user = storage == Storage.H2 ? "sa" : "postgres";
        Map<String, Stored> stored = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection(url, user, "")) {
            for (String pool : pools) {
                List<Event> events = new ArrayList<>();
                try (PreparedStatement query = db.prepareStatement("SELECT sequence_number, payload_type, payload "
                        + "FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number")) {
                    query.setString(1, pool);
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            String type = rows.getString("payload_type");
                            JsonNode mfa = json(rows.getBytes("payload")).path("mfa");
                            events.add(new Event(rows.getLong("sequence_number"),
                                    type.substring(type.lastIndexOf('.') + 1),
                                    mfa.isMissingNode() ? null : Mfa.ofSettings(mfa)));
                        }
                    }
                }
                List<VersionRow> versions = new ArrayList<>();
                try (PreparedStatement query = db.prepareStatement("SELECT * FROM pool_mfa_config_version "
                        + "WHERE pool_id = ? ORDER BY version")) {
                    query.setString(1, pool);
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            versions.add(new VersionRow(rows.getLong("version"),
                                    rows.getObject("valid_to") == null, Mfa.ofRow(rows)));
                        }
                    }
                }
                stored.put(pool, new Stored(events, versions));
            }
        }
        return stored;
    }

    // ---------------------------------------------------------------------------------------------------- checks

    /** Answered changes whose version the store does not hold with the answered configuration. */
    private static long lostAnswers(Load load, Map<String, Stored> stored) {
        long lost = 0;
        for (Map.Entry<String, List<Answer>> pool : load.answers().entrySet()) {
            lost += lost(pool.getValue(), stored.get(pool.getKey()).events()).size();
        }
        return lost;
    }

    private static List<Answer> lost(List<Answer> answers, List<Event> events) {
        Map<Long, Event> bySequence = new LinkedHashMap<>();
        events.forEach(event -> bySequence.put(event.sequence(), event));
        return answers.stream().filter(answer -> {
            Event event = bySequence.get(answer.version());
            return event == null || !event.type().equals("PoolMfaConfigured") || !answer.mfa().equals(event.mfa());
        }).toList();
    }

    private static void check(String pool, List<Answer> answers, List<Answer> after, Stored stored,
                              List<HistoryEntry> history, Current current, List<String> problems) {
        List<Event> events = stored.events();
        String where = "pool " + pool + ": ";

        // every change answered 200 is there, with the configuration it answered
        long lastVersion = events.size() - 1;
        long lastBeforeRestart = after.isEmpty() ? lastVersion : after.get(0).version() - 1;
        List<Answer> lost = lost(answers, events);
        if (!lost.isEmpty()) {
            problems.add(where + lost.size() + " of " + answers.size() + " answered changes lost: versions "
                    + ranges(lost.stream().map(Answer::version).toList()) + "; after the restart the store held "
                    + "versions up to " + lastBeforeRestart + " (e.g. version " + lost.get(0).version()
                    + " was answered as " + lost.get(0).mfa() + ")");
        }
        List<Long> answered = answers.stream().map(Answer::version).toList();
        for (int i = 0; i < answered.size(); i++) {
            if (answered.get(i) != i + 1) {
                problems.add(where + "the answers before the kill are not versions 1.." + answered.size()
                        + " in order: answer " + (i + 1) + " was version " + answered.get(i));
                break;
            }
        }

        // versions have no gap: the pool's events are sequence numbers 0..n, a creation and then changes
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            if (event.sequence() != i) {
                problems.add(where + "the events' sequence numbers are not contiguous: " + (i == 0 ? "the first is "
                        : "after " + events.get(i - 1).sequence() + " comes ") + event.sequence());
                break;
            }
            String expected = i == 0 ? "PoolCreated" : "PoolMfaConfigured";
            if (!event.type().equals(expected)) {
                problems.add(where + "event " + i + " is a " + event.type() + ", not a " + expected);
            }
        }
        long highestAnswered = answered.isEmpty() ? 0 : answered.get(answered.size() - 1);
        if (current.version() < highestAnswered) {
            problems.add(where + "the current version " + current.version() + " is below the highest answered "
                    + "version " + highestAnswered);
        }

        // the service goes on after the restart: its changes are the last events, right after those before the kill
        List<Long> afterVersions = after.stream().map(Answer::version).toList();
        List<Long> lastVersions = new ArrayList<>();
        for (long v = lastVersion - CHANGES_AFTER_RESTART + 1; v <= lastVersion; v++) {
            lastVersions.add(v);
        }
        if (!afterVersions.equals(lastVersions)) {
            problems.add(where + "the changes after the restart were answered as versions " + afterVersions
                    + ", not as the store's last versions " + lastVersions);
        } else {
            List<Answer> lostAfter = lost(after, events);
            if (!lostAfter.isEmpty()) {
                problems.add(where + "changes after the restart are not stored as answered: versions "
                        + ranges(lostAfter.stream().map(Answer::version).toList()));
            }
            if (lost.isEmpty() && lastBeforeRestart > highestAnswered + 1) {
                problems.add(where + "the store held versions up to " + lastBeforeRestart + " before the "
                        + "restart's changes, but the highest answered version was " + highestAnswered
                        + ": with one request in flight at most, more changes were applied than sent");
            }
        }

        // the projections hold exactly what the events say: the audit trail
        List<Event> changes = events.stream().filter(event -> event.type().equals("PoolMfaConfigured")).toList();
        List<HistoryEntry> configured = history.stream()
                .filter(entry -> entry.change().equals("PoolMfaConfigured")).toList();
        List<Long> eventVersions = changes.stream().map(Event::sequence).toList();
        List<Long> historyVersions = configured.stream().map(HistoryEntry::version).toList();
        if (!historyVersions.equals(eventVersions)) {
            List<Long> missing = eventVersions.stream().filter(v -> !historyVersions.contains(v)).toList();
            List<Long> extra = historyVersions.stream().filter(v -> !eventVersions.contains(v)).toList();
            problems.add(where + "the history's changes (" + historyVersions.size() + ") are not the "
                    + eventVersions.size() + " PoolMfaConfigured events: missing versions " + ranges(missing)
                    + ", versions without an event " + ranges(extra) + ", duplicates "
                    + (historyVersions.size() - historyVersions.stream().distinct().count()));
        } else {
            for (int i = 0; i < changes.size(); i++) {
                if (!changes.get(i).mfa().equals(configured.get(i).after())) {
                    problems.add(where + "the history's version " + changes.get(i).sequence() + " is "
                            + configured.get(i).after() + ", its event " + changes.get(i).mfa());
                }
            }
        }
        List<HistoryEntry> others = history.stream().filter(entry -> !entry.change().equals("PoolMfaConfigured"))
                .toList();
        if (others.size() != 1 || !others.get(0).change().equals("PoolCreated") || others.get(0).version() != 0) {
            problems.add(where + "besides the changes, the history holds " + others + " instead of one PoolCreated "
                    + "at version 0");
        }

        // ... the configuration versions, one row per event, the last one current
        List<Long> rowVersions = stored.versions().stream().map(VersionRow::version).toList();
        List<Long> allVersions = events.stream().map(Event::sequence).toList();
        if (!rowVersions.equals(allVersions)) {
            problems.add(where + "pool_mfa_config_version holds " + rowVersions.size() + " versions "
                    + ranges(rowVersions) + " for the events " + ranges(allVersions));
        } else {
            for (int i = 0; i < events.size(); i++) {
                VersionRow row = stored.versions().get(i);
                Mfa expected = events.get(i).mfa();
                if (expected != null && !expected.equals(row.mfa())) {
                    problems.add(where + "pool_mfa_config_version " + row.version() + " is " + row.mfa()
                            + ", its event " + expected);
                }
                if (row.current() != (i == events.size() - 1)) {
                    problems.add(where + "pool_mfa_config_version " + row.version() + (row.current()
                            ? " has no valid_to but is not the last version" : " has a valid_to but is the last"));
                }
            }
        }

        // ... and the current configuration
        if (current.version() != lastVersion || events.isEmpty()
                || !current.mfa().equals(events.get(events.size() - 1).mfa())) {
            problems.add(where + "GET mfa-config answers version " + current.version() + " (" + current.mfa()
                    + "), the last event is version " + lastVersion
                    + (events.isEmpty() ? "" : " (" + events.get(events.size() - 1).mfa() + ")"));
        }
    }

    /** Versions as compact ranges: [3..7, 9]. */
    private static String ranges(List<Long> versions) {
        List<Long> sorted = versions.stream().sorted().toList();
        List<String> ranges = new ArrayList<>();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            ranges.add(i == j ? String.valueOf(sorted.get(i)) : sorted.get(i) + ".." + sorted.get(j));
            i = j + 1;
        }
        return ranges.toString();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("Not JSON: " + text, e);
        }
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("A payload that is not JSON", e);
        }
    }

    private static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
