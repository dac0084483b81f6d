package com.authledger.bench;

import com.authledger.bench.BenchRunner.Phase;
import com.authledger.bench.BenchRunner.Step;
import com.authledger.user.UserSecrets;
import com.authledger.user.password.Srp6a;
import org.HdrHistogram.Histogram;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user slice through HTTP, on the embedded default (an H2 file database in a fresh temporary directory), with
 * the users' projection live: a write answers once the projection holds it (read-your-writes). Three phases, each
 * warmed up and then measured, each bounded in time and in requests, on {@code bench.clients} keep-alive
 * connections ({@link KeepAliveClient}):
 *
 * <ol>
 *   <li>{@code create}: {@code POST /api/v1/pools/{id}/users} (AdminCreateUser) with a unique username, a name, an
 *   email and a phone number: password policy, an SRP-6a verifier (a 3072-bit modPow), four values sealed under a
 *   new per-user data key, the username claim, three events, and the wait for the projection;</li>
 *   <li>{@code preference}: {@code PUT .../users/{u}/mfa-preference} turning {@code softwareToken} on and off for
 *   users who enrolled an authenticator during set-up (each client owns its users and goes round them), so every
 *   request appends one event, one audit row, and waits for the projection;</li>
 *   <li>{@code read}: {@code GET .../users/{u}} of a user drawn at random among all created, which opens the sealed
 *   name, email and phone number.</li>
 * </ol>
 *
 * <p>{@code -Dbench.phases=create,preference,read} (any subset, in that order), {@code -Dbench.phaseWarmupSeconds}
 * and {@code -Dbench.phaseSeconds} per phase ({@code -Dbench.firstWarmupSeconds} for the first, which warms up a
 * cold JVM), {@code -Dbench.maxRequests} per warm-up and per measurement,
 * {@code -Dbench.usersPerClient} enrolled in set-up. At the end the event, row and audit counts must match what the
 * clients were told succeeded, and no request may have failed. Run with
 * {@code ./mvnw -Pbenchmark test-compile exec:exec -Dbenchmark.class=com.authledger.bench.UserEnrolmentBenchmark};
 * see docs/benchmarks.md.
 */
public final class UserEnrolmentBenchmark {

    static final String KEY = BenchRunner.KEY;
    private static final String POOL = "{\"name\":\"bench users\",\"mfaMode\":\"OPTIONAL\","
            + "\"totpMfa\":{\"enabled\":true}}";
    private static final String PASSWORD = "Temp-Pass-123";
    private static final String TOTP_ON = "{\"softwareToken\":{\"enabled\":true,\"preferred\":false}}";
    private static final String TOTP_OFF = "{\"softwareToken\":{\"enabled\":false,\"preferred\":false}}";
    private static final Pattern POOL_ID = Pattern.compile("\"poolId\":\"([^\"]+)\"");
    private static final List<String> PHASES = List.of("create", "preference", "read");
    /** UserRegistered, two ContactChanged, SoftwareTokenAssociated, SoftwareTokenVerified. */
    private static final int SETUP_EVENTS = 5;

    /** Numbers every username, email and phone number; unique across the whole run. */
    private static final AtomicLong NEXT_USER = new AtomicLong();

    public static void main(String[] args) throws Exception {
        int clients = Integer.getInteger("bench.clients", 8);
        int seconds = Integer.getInteger("bench.phaseSeconds", 30);
        int warmupSeconds = Integer.getInteger("bench.phaseWarmupSeconds", 60);
        // the first phase warms the JIT up from a cold start: on two cores creates still speed up after 60 s
        int firstWarmupSeconds = Integer.getInteger("bench.firstWarmupSeconds", 120);
        long maxRequests = Long.getLong("bench.maxRequests", 1_000_000);
        int usersPerClient = Integer.getInteger("bench.usersPerClient", 64);
        List<String> phases = BenchRunner.phases(PHASES);
        Path dataDir = Files.createTempDirectory("authledger-bench");

        ConfigurableApplicationContext app = BenchRunner.startService(dataDir);
        try {
            int port = BenchRunner.port(app);
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);

            // the verifier alone, on one thread of an otherwise idle service: what every create pays at least
            VerifierCost verifierBefore = verifierCost(3_000, 2_000);
            System.out.printf(Locale.ROOT, "Srp6a.newVerifier, before the phases: %s%n", verifierBefore);

            String poolId;
            try (KeepAliveClient setup = new KeepAliveClient(port)) {
                KeepAliveClient.Response created = setup.send("POST", "/api/v1/pools", POOL);
                Matcher id = POOL_ID.matcher(created.body());
                if (created.status() != 201 || !id.find()) {
                    throw new IllegalStateException("Could not create the pool: " + created.status() + " "
                            + created.body());
                }
                poolId = id.group(1);
            }
            String users = "/api/v1/pools/" + poolId + "/users";

            // set-up, outside any phase: each client's users, created and enrolled with a verified authenticator
            long setupStart = System.nanoTime();
            List<List<String>> enrolled = enrol(port, users, clients, usersPerClient);
            // appended to by the create phase, read at random by the read phase
            List<String> everyone = Collections.synchronizedList(new ArrayList<>());
            enrolled.forEach(everyone::addAll);
            System.out.printf(Locale.ROOT, "set-up: %d users created and enrolled in %.1f s%n", everyone.size(),
                    (System.nanoTime() - setupStart) / 1e9);

            long enrolledCount = (long) clients * usersPerClient;
            Map<String, Phase[]> results = new LinkedHashMap<>();
            Counters counters = new Counters();
            boolean[][] totpOn = new boolean[clients][usersPerClient];
            int[] cursor = new int[clients];
            long eventsBeforeRead = -1;
            long eventsAfterRead = -1;
            for (String phase : phases) {
                IntFunction<Step> steps = switch (phase) {
                    case "create" -> client -> http -> {
                        long n = NEXT_USER.incrementAndGet();
                        KeepAliveClient.Response r = http.send("POST", users, createBody(n));
                        if (r.status() != 201) {
                            return r.status() + " " + r.body();
                        }
                        everyone.add(username(n));
                        // past the write-wait the answer comes from the command alone, without attributes
                        if (!r.body().contains("\"attributes\"")) {
                            counters.answeredUnprojected.incrementAndGet();
                        }
                        return null;
                    };
                    case "preference" -> client -> http -> {
                        int i = cursor[client];
                        cursor[client] = (i + 1) % usersPerClient;
                        boolean on = !totpOn[client][i];
                        KeepAliveClient.Response r = http.send("PUT", users + "/" + enrolled.get(client).get(i)
                                + "/mfa-preference", on ? TOTP_ON : TOTP_OFF);
                        if (r.status() != 200 || !r.body().contains("\"softwareToken\":{\"enabled\":" + on + ",")) {
                            return r.status() + " " + r.body();
                        }
                        totpOn[client][i] = on;
                        counters.toggled.incrementAndGet();
                        return null;
                    };
                    default -> client -> http -> {
                        String name = everyone.get(ThreadLocalRandom.current().nextInt(everyone.size()));
                        KeepAliveClient.Response r = http.send("GET", users + "/" + name, "");
                        return r.status() == 200 && r.body().contains("\"phoneNumber\":\"+1555") ? null
                                : r.status() + " " + r.body();
                    };
                };
                if (phase.equals("read")) {
                    eventsBeforeRead = count(jdbc, "SELECT COUNT(*) FROM domain_event_entry");
                }
                System.out.printf(Locale.ROOT, "%n%s: warm-up%n", phase);
                Phase warmup = BenchRunner.run(port, clients, steps, results.isEmpty() ? firstWarmupSeconds : warmupSeconds,
                        maxRequests);
                System.out.printf(Locale.ROOT, "%s: measured, from %s%s%n", phase, Instant.now(),
                        history(phase, counters, enrolledCount));
                Phase measured = BenchRunner.run(port, clients, steps, seconds, maxRequests);
                System.out.printf(Locale.ROOT, "%s: done at %s%s%n", phase, Instant.now(),
                        history(phase, counters, enrolledCount));
                results.put(phase, new Phase[]{warmup, measured});
                if (phase.equals("read")) {
                    eventsAfterRead = count(jdbc, "SELECT COUNT(*) FROM domain_event_entry");
                }
            }

            VerifierCost verifierAfter = verifierCost(1_000, 2_000);
            OpenCost open = openCost(app.getBean(UserSecrets.class), jdbc, 2_000, 5_000);

            long created = everyone.size();
            long registered = count(jdbc, payloadCount("UserRegistered"));
            long contacts = count(jdbc, payloadCount("ContactChanged"));
            long verified = count(jdbc, payloadCount("SoftwareTokenVerified"));
            long preferenceEvents = count(jdbc, payloadCount("MfaPreferenceChanged"));
            long preferenceAudit = count(jdbc, "SELECT COUNT(*) FROM mfa_config_audit WHERE scope = 'user' "
                    + "AND change_type = 'MfaPreferenceChanged'");
            long rows = count(jdbc, "SELECT COUNT(*) FROM user_account");
            long claims = count(jdbc, "SELECT COUNT(*) FROM username_claim");
            long dataKeys = count(jdbc, "SELECT COUNT(*) FROM data_key");
            long behind = count(jdbc, "SELECT COUNT(*) FROM user_account u WHERE u.version <> (SELECT "
                    + "MAX(e.sequence_number) FROM domain_event_entry e WHERE e.aggregate_identifier = u.sub)");
            long failed = results.values().stream().mapToLong(p -> p[0].failed() + p[1].failed()).sum();

            System.out.printf(Locale.ROOT, "%nUserEnrolmentBenchmark: %d clients, one pool, H2 file, users' "
                    + "projection live (read-your-writes), %d users enrolled in set-up%n", clients, enrolledCount);
            for (Map.Entry<String, Phase[]> result : results.entrySet()) {
                System.out.printf(Locale.ROOT, "%-10s warm-up : %s%n", result.getKey(), result.getValue()[0]);
                System.out.printf(Locale.ROOT, "%-10s measured: %s%n", result.getKey(), result.getValue()[1]);
            }
            System.out.printf(Locale.ROOT, "Srp6a.newVerifier, before the phases: %s%n", verifierBefore);
            System.out.printf(Locale.ROOT, "Srp6a.newVerifier, after the phases : %s%n", verifierAfter);
            System.out.printf(Locale.ROOT, "UserSecrets.open (data key row read, unwrapped, value opened): %s%n",
                    open);
            System.out.printf(Locale.ROOT, "users created %d (%d in set-up): UserRegistered events %d, user rows %d, "
                            + "username claims %d, data keys %d (all equal); ContactChanged events %d (twice as many)%n",
                    created, enrolledCount, registered, rows, claims, dataKeys, contacts);
            System.out.printf(Locale.ROOT, "authenticators verified %d, SoftwareTokenVerified events %d (equal)%n",
                    enrolledCount, verified);
            System.out.printf(Locale.ROOT, "preference changes answered %d: MfaPreferenceChanged events %d, audit "
                    + "rows %d (all equal)%n", counters.toggled.get(), preferenceEvents, preferenceAudit);
            System.out.printf(Locale.ROOT, "user rows whose version is not their last event's: %d (must be 0)%n",
                    behind);
            System.out.printf(Locale.ROOT, "creates answered before the projection held them: %d%n",
                    counters.answeredUnprojected.get());
            if (eventsBeforeRead >= 0) {
                System.out.printf(Locale.ROOT, "events appended during the read phase: %d (must be 0)%n",
                        eventsAfterRead - eventsBeforeRead);
            }
            System.out.printf(Locale.ROOT, "failed requests, all phases and warm-ups: %d (must be 0)%n", failed);
            System.out.println();
            System.out.println(Phase.header("phase"));
            for (Map.Entry<String, Phase[]> result : results.entrySet()) {
                System.out.println(result.getValue()[1].row(result.getKey(), clients));
            }
            boolean consistent = registered == created && rows == created && claims == created
                    && dataKeys == created && contacts == 2 * created && verified == enrolledCount
                    && preferenceEvents == counters.toggled.get() && preferenceAudit == counters.toggled.get()
                    && behind == 0 && eventsAfterRead == eventsBeforeRead && failed == 0;
            if (!consistent) {
                System.out.println("INCONSISTENT: see the counts above; the database stays in " + dataDir);
                System.exit(1);
            }
        } finally {
            app.close();
        }
        // a run leaves hundreds of megabytes: kept only when the checks fail (above), for a look at the rows
        BenchRunner.deleteRecursively(dataDir);
    }

    private static final class Counters {
        final AtomicLong answeredUnprojected = new AtomicLong();
        final AtomicLong toggled = new AtomicLong();
    }

    /** A preference change replays the user's history when its aggregate is not cached: how long it is by now. */
    private static String history(String phase, Counters counters, long enrolled) {
        return !phase.equals("preference") ? "" : String.format(Locale.ROOT, "; the enrolled users' histories "
                + "average %.0f events", SETUP_EVENTS + counters.toggled.get() / (double) enrolled);
    }

    private static String username(long n) {
        return "bench-user-" + n;
    }

    private static String createBody(long n) {
        return "{\"username\":\"" + username(n) + "\",\"temporaryPassword\":\"" + PASSWORD + "\",\"name\":\"Bench User "
                + n + "\",\"email\":\"user" + n + "@example.com\",\"phoneNumber\":\"+1555"
                + String.format(Locale.ROOT, "%07d", n % 10_000_000) + "\"}";
    }

    /** Each client creates its users and enrols an authenticator for each (verified, not yet enabled), in parallel. */
    private static List<List<String>> enrol(int port, String users, int clients, int usersPerClient)
            throws InterruptedException {
        List<List<String>> enrolled = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            enrolled.add(Collections.synchronizedList(new ArrayList<>()));
        }
        BenchRunner.setUpInParallel(port, clients, (client, http) -> {
            for (int i = 0; i < usersPerClient; i++) {
                long n = NEXT_USER.incrementAndGet();
                String name = username(n);
                BenchRunner.expect(http.send("POST", users, createBody(n)), 201, "create " + name);
                BenchRunner.enrolAuthenticator(http, users + "/" + name);
                enrolled.get(client).add(name);
            }
        });
        return enrolled;
    }

    private static String payloadCount(String event) {
        return "SELECT COUNT(*) FROM domain_event_entry WHERE payload_type = 'com.authledger.user.api.UserEvent$"
                + event + "'";
    }

    private static long count(JdbcTemplate jdbc, String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }

    private record VerifierCost(int calls, double meanMicros, double p50Micros, double p99Micros) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d calls on one thread, mean %.0f µs, p50 %.0f µs, p99 %.0f µs "
                    + "(%.0f verifiers/s per core)", calls, meanMicros, p50Micros, p99Micros, 1e6 / meanMicros);
        }
    }

    /** {@code warmup} untimed calls (the JIT compiles BigInteger's Montgomery code), then {@code calls} timed. */
    private static VerifierCost verifierCost(int warmup, int calls) {
        SecureRandom random = new SecureRandom();
        Histogram micros = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
        long sink = 0;
        for (int i = 0; i < warmup + calls; i++) {
            long start = System.nanoTime();
            Srp6a.Verifier v = Srp6a.newVerifier("AbC123xyZ", "bench-user-" + i, PASSWORD, random);
            long took = System.nanoTime() - start;
            sink += v.verifierHex().length();
            if (i >= warmup) {
                micros.recordValue(Math.max(1, took / 1_000));
            }
        }
        if (sink == 0) {
            throw new IllegalStateException();
        }
        return new VerifierCost(calls, micros.getMean(), micros.getValueAtPercentile(50),
                micros.getValueAtPercentile(99));
    }

    private record OpenCost(int calls, double meanMicros, double p50Micros) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d calls on one thread, mean %.1f µs, p50 %.1f µs", calls, meanMicros,
                    p50Micros);
        }
    }

    /** Opens real users' sealed phone numbers (read-only), as a GET does three times per user. */
    private static OpenCost openCost(UserSecrets secrets, JdbcTemplate jdbc, int warmup, int calls) {
        List<String[]> sealed = jdbc.query("SELECT sub, sealed_phone FROM user_account WHERE sealed_phone IS NOT NULL "
                + "LIMIT 1000", (rs, row) -> new String[]{rs.getString(1), rs.getString(2)});
        Histogram micros = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
        long sink = 0;
        for (int i = 0; i < warmup + calls; i++) {
            String[] user = sealed.get(i % sealed.size());
            long start = System.nanoTime();
            String phone = secrets.open(user[0], UserSecrets.Field.PHONE_NUMBER, user[1]);
            long took = System.nanoTime() - start;
            sink += phone.length();
            if (i >= warmup) {
                micros.recordValue(Math.max(1, took / 1_000));
            }
        }
        if (sink == 0) {
            throw new IllegalStateException();
        }
        return new OpenCost(calls, micros.getMean(), micros.getValueAtPercentile(50));
    }
}
