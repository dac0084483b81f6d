package com.authledger.bench;

import com.authledger.user.password.SrpClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What refused requests leave behind: {@code bench.requests} (1,000) requests of each kind, unsigned through
 * Cognito's protocol as an attacker sends them, under names that match no user, and what each kind added to the
 * event store (events and their bytes), to every other table (rows), and to the H2 file (bytes, after a checkpoint).
 * The rate and guess limits are raised out of the way, as for an attacker with many addresses, so that every request
 * goes the whole way. The kinds: USER_SRP_AUTH initiations, their PASSWORD_VERIFIER answers, USER_PASSWORD_AUTH with
 * a wrong password, and ConfirmForgotPassword with a wrong code.
 *
 * <p>It touches no class of the build it measures beyond starting it, so that the same file measures an earlier one.
 */
public final class RefusedRequestGrowthBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("\"(?:poolId|clientId)\":\"([^\"]+)\"");
    private static final Set<String> EVENT_TABLES = Set.of("DOMAIN_EVENT_ENTRY", "SNAPSHOT_EVENT_ENTRY");

    private RefusedRequestGrowthBenchmark() {
    }

    /** What the store holds at one moment. */
    private record Usage(long events, long eventBytes, Map<String, Long> rows, long fileBytes) {
    }

    public static void main(String[] args) throws Exception {
        int requests = Integer.getInteger("bench.requests", 1000);
        int clients = Integer.getInteger("bench.clients", 8);
        Path dataDir = Files.createTempDirectory("authledger-bench-growth");
        ConfigurableApplicationContext app = BenchRunner.startService(dataDir,
                "--authledger.sms.transport=none",
                "--authledger.rate-limits.per-address-limit=100000000",
                "--authledger.guess-limits.codes-per-source-hour=100000000",
                "--authledger.guess-limits.codes-per-source-day=100000000",
                "--authledger.guess-limits.codes-per-pool-hour=100000000",
                "--authledger.guess-limits.passwords-per-source-hour=100000000",
                "--authledger.guess-limits.passwords-per-source-day=100000000");
        JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
        int port = BenchRunner.port(app);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try (KeepAliveClient admin = new KeepAliveClient(port)) {
            String poolId = id(BenchRunner.expect(admin.send("POST", "/api/v1/pools",
                    "{\"name\":\"growth\",\"mfaMode\":\"OFF\"}"), 201, "create pool").body());
            String clientId = id(BenchRunner.expect(admin.send("POST", "/api/v1/pools/" + poolId + "/clients",
                    "{\"name\":\"growth\",\"explicitAuthFlows\":[\"ALLOW_USER_SRP_AUTH\","
                            + "\"ALLOW_USER_PASSWORD_AUTH\"]}"), 201, "create client").body());
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Cognito cognito = new Cognito(http, port);
            // one of each first, so that what the first request of a kind creates (a table's first page) is not counted
            cognito.initiate(clientId, "USER_PASSWORD_AUTH", Map.of("USERNAME", "warm-up", "PASSWORD", "Wrong-1"));

            List<Map<String, String>> challenges = new ArrayList<>();
            List<SrpClient> srpClients = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                srpClients.add(new SrpClient(poolId));
            }
            Map<String, Usage> before = new LinkedHashMap<>();
            Map<String, Usage> after = new LinkedHashMap<>();

            run("USER_SRP_AUTH initiation", requests, pool, jdbc, dataDir, before, after, i -> () -> {
                JsonNode answer = cognito.initiate(clientId, "USER_SRP_AUTH", Map.of("USERNAME", "srp-nobody-" + i,
                        "SRP_A", srpClients.get(i).srpA()));
                Map<String, String> parameters = JSON.convertValue(answer.path("ChallengeParameters"),
                        JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
                parameters.put("SESSION", answer.path("Session").asText());
                synchronized (challenges) {
                    challenges.add(parameters);
                }
                return answer.path("ChallengeName").asText().equals("PASSWORD_VERIFIER") ? null : answer.toString();
            });
            run("PASSWORD_VERIFIER answer", requests, pool, jdbc, dataDir, before, after, i -> () -> {
                Map<String, String> challenge = challenges.get(i);
                Map<String, String> responses = srpClients.get(i).answer(challenge, "Wrong-Password-1",
                        Instant.now());
                JsonNode answer = cognito.call("RespondToAuthChallenge", Map.of("ClientId", clientId,
                        "ChallengeName", "PASSWORD_VERIFIER", "Session", challenge.get("SESSION"),
                        "ChallengeResponses", responses));
                return answer.path("__type").asText().endsWith("NotAuthorizedException") ? null : answer.toString();
            });
            run("USER_PASSWORD_AUTH, wrong password", requests, pool, jdbc, dataDir, before, after, i -> () -> {
                JsonNode answer = cognito.initiate(clientId, "USER_PASSWORD_AUTH", Map.of("USERNAME",
                        "password-nobody-" + i, "PASSWORD", "Wrong-Password-1"));
                return answer.path("__type").asText().endsWith("NotAuthorizedException") ? null : answer.toString();
            });
            run("ConfirmForgotPassword, wrong code", requests, pool, jdbc, dataDir, before, after, i -> () -> {
                JsonNode answer = cognito.call("ConfirmForgotPassword", Map.of("ClientId", clientId,
                        "Username", "reset-nobody-" + i, "ConfirmationCode", "123456",
                        "Password", "Brand-New-Pass-8"));
                return answer.path("__type").asText().endsWith("CodeMismatchException") ? null : answer.toString();
            });

            System.out.println();
            System.out.printf(Locale.ROOT, "Growth per %,d refused requests (H2, %s)%n", requests,
                    System.getProperty("java.version"));
            System.out.println("| Kind | Events | Event bytes | Rows elsewhere (table: rows) | H2 file bytes |");
            System.out.println("|---|---:|---:|---|---:|");
            for (String kind : before.keySet()) {
                Usage from = before.get(kind);
                Usage to = after.get(kind);
                Map<String, Long> rows = new TreeMap<>();
                to.rows().forEach((table, count) -> {
                    long added = count - from.rows().getOrDefault(table, 0L);
                    if (added != 0) {
                        rows.put(table.toLowerCase(Locale.ROOT), added);
                    }
                });
                System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %s | %,d |%n", kind, to.events() - from.events(),
                        to.eventBytes() - from.eventBytes(), rows.isEmpty() ? "none" : rows.toString(),
                        to.fileBytes() - from.fileBytes());
            }
        } finally {
            pool.shutdownNow();
            app.close();
        }
    }

    /** One kind: {@code requests} of them on the pool's threads, the usage measured before and after. */
    private static void run(String kind, int requests, ExecutorService pool, JdbcTemplate jdbc, Path dataDir,
                            Map<String, Usage> before, Map<String, Usage> after,
                            IntFunction<java.util.concurrent.Callable<String>> request) throws Exception {
        before.put(kind, usage(jdbc, dataDir));
        long started = System.nanoTime();
        AtomicInteger failed = new AtomicInteger();
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            results.add(pool.submit(request.apply(i)));
        }
        String firstFailure = null;
        for (Future<String> result : results) {
            String failure = result.get();
            if (failure != null) {
                failed.incrementAndGet();
                firstFailure = firstFailure == null ? failure : firstFailure;
            }
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(kind + ": " + failed + " answers were not the expected refusal, e.g. "
                    + firstFailure);
        }
        after.put(kind, usage(jdbc, dataDir));
        System.out.printf(Locale.ROOT, "%s: %,d in %.1f s%n", kind, requests, (System.nanoTime() - started) / 1e9);
    }

    private static Usage usage(JdbcTemplate jdbc, Path dataDir) throws Exception {
        // what the service's background work (the projections, the counts of the limits) has still to write
        Thread.sleep(12_000);
        Map<String, Long> rows = new TreeMap<>();
        for (String table : jdbc.queryForList("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
                + "WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_TYPE = 'BASE TABLE'", String.class)) {
            if (!EVENT_TABLES.contains(table) && !table.toLowerCase(Locale.ROOT).startsWith("flyway")) {
                rows.put(table, jdbc.queryForObject("SELECT COUNT(*) FROM \"" + table + "\"", Long.class));
            }
        }
        long events = jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry", Long.class);
        Long bytes = jdbc.queryForObject("SELECT COALESCE(SUM(OCTET_LENGTH(payload) + COALESCE(OCTET_LENGTH("
                + "meta_data), 0)), 0) FROM domain_event_entry", Long.class);
        jdbc.execute("CHECKPOINT SYNC");
        long file;
        try (Stream<Path> files = Files.walk(dataDir)) {
            file = files.filter(path -> path.toString().endsWith(".mv.db")).mapToLong(path -> path.toFile().length())
                    .sum();
        }
        return new Usage(events, bytes == null ? 0 : bytes, rows, file);
    }

    private static String id(String json) {
        Matcher matcher = ID.matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("No id in " + json);
        }
        return matcher.group(1);
    }

    /** Unsigned calls of Cognito's protocol, as the official clients send them. */
    private record Cognito(HttpClient http, int port) {

        JsonNode initiate(String clientId, String flow, Map<String, String> parameters) throws Exception {
            return call("InitiateAuth", Map.of("ClientId", clientId, "AuthFlow", flow, "AuthParameters", parameters));
        }

        JsonNode call(String operation, Map<String, ?> input) throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/"))
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(input))).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        }
    }
}
