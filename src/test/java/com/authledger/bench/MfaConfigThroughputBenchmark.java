package com.authledger.bench;

import com.authledger.support.DurablePostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.HdrHistogram.Histogram;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PUT /api/v1/pools/{id}/mfa-config changes per second through HTTP, on the embedded default (an H2 file database
 * in a fresh temporary directory), with the projections live: every PUT answers only once the pool projection and
 * the audit trail hold the change (read-your-writes), so the latency below includes projecting it.
 *
 * <p>Each of {@code bench.clients} client threads owns one pool and alternates between two configurations, so every
 * request is a real change that appends one event. The clients speak HTTP/1.1 over one keep-alive connection each
 * ({@link KeepAliveClient}): the load generator shares the two cores with the service, so it must cost little. A warm-up phase precedes the measured one; both are bounded in
 * time and in requests. Run with {@code ./mvnw -Pbenchmark test-compile exec:exec}; see docs/benchmarks.md.
 */
public final class MfaConfigThroughputBenchmark {

    static final String KEY = BenchRunner.KEY;
    private static final String CONFIG_A = "{\"mfaMode\":\"OPTIONAL\",\"totpMfa\":{\"enabled\":true},"
            + "\"smsMfa\":{\"enabled\":true,\"message\":\"Your code is {####}\"},"
            + "\"smsSender\":{\"credentialsRef\":\"arn:aws:iam::123456789012:role/sms\",\"region\":\"us-east-1\"}}";
    private static final String CONFIG_B = "{\"mfaMode\":\"OPTIONAL\",\"totpMfa\":{\"enabled\":true},"
            + "\"smsMfa\":{\"enabled\":false,\"message\":\"Your code is {####}\"},"
            + "\"smsSender\":{\"credentialsRef\":\"arn:aws:iam::123456789012:role/sms\",\"region\":\"us-east-1\"}}";
    private static final Pattern POOL_ID = Pattern.compile("\"poolId\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        int clients = Integer.getInteger("bench.clients", 8);
        int seconds = Integer.getInteger("bench.seconds", 30);
        int warmupSeconds = Integer.getInteger("bench.warmupSeconds", 15);
        long maxRequests = Long.getLong("bench.maxRequests", 1_000_000);
        boolean postgres = "postgres".equals(System.getProperty("bench.store", "h2"));
        Path dataDir = Files.createTempDirectory("authledger-bench");

        EmbeddedPostgres database = postgres ? DurablePostgres.start(dataDir.resolve("postgres")) : null;
        List<String> storeArguments = database == null ? List.of() : DurablePostgres.serviceArguments(database,
                dataDir.resolve("keys").resolve("master-keys"), dataDir);
        ConfigurableApplicationContext app = BenchRunner.startService(dataDir, storeArguments.toArray(String[]::new));
        try {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            List<String> pools = new ArrayList<>();
            try (KeepAliveClient setup = new KeepAliveClient(port)) {
                for (int i = 0; i < clients; i++) {
                    KeepAliveClient.Response created = setup.send("POST", "/api/v1/pools",
                            "{\"name\":\"bench " + i + "\"," + CONFIG_A.substring(1));
                    Matcher id = POOL_ID.matcher(created.body());
                    if (created.status() != 201 || !id.find()) {
                        throw new IllegalStateException("Could not create a pool: " + created.status());
                    }
                    pools.add(id.group(1));
                }
            }

            Map<String, Boolean> lastWasB = new ConcurrentHashMap<>();
            Phase warmup = run(port, pools, lastWasB, warmupSeconds, maxRequests);
            Phase measured = run(port, pools, lastWasB, seconds, maxRequests);

            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            long events = jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry", Long.class);
            long audited = jdbc.queryForObject("SELECT COUNT(*) FROM mfa_config_audit", Long.class);
            long versions = jdbc.queryForObject("SELECT COUNT(*) FROM pool_mfa_config_version", Long.class);

            System.out.printf(Locale.ROOT, "%nMfaConfigThroughputBenchmark: %d clients, one pool each, %s, "
                    + "projections live (read-your-writes)%n", clients,
                    postgres ? "PostgreSQL (fsync and synchronous_commit on)" : "H2 file");
            System.out.printf(Locale.ROOT, "warm-up : %s%n", warmup);
            System.out.printf(Locale.ROOT, "measured: %s%n", measured);
            System.out.printf(Locale.ROOT, "events appended %d, audit rows %d, configuration versions %d "
                    + "(all three must be equal)%n", events, audited, versions);
            System.out.printf(Locale.ROOT, "| %d | %.0f | %.2f | %.2f | %.2f | %.2f | %d | %d |%n", clients,
                    measured.throughput(), ms(measured.latency.getValueAtPercentile(50)),
                    ms(measured.latency.getValueAtPercentile(90)), ms(measured.latency.getValueAtPercentile(99)),
                    ms(measured.latency.getMaxValue()), measured.ok, measured.failed);
            if (events != audited || events != versions || measured.failed > 0) {
                System.out.println("INCONSISTENT: see the counts above");
                System.exit(1);
            }
        } finally {
            app.close();
            if (database != null) {
                database.close();
            }
        }
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private record Phase(long ok, long failed, double seconds, Histogram latency) {
        double throughput() {
            return ok / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d changes in %.1f s = %.0f changes/s; latency ms p50 %.2f, p90 %.2f,"
                            + " p99 %.2f, p99.9 %.2f, max %.2f; failed %d", ok, seconds, throughput(),
                    ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(90)),
                    ms(latency.getValueAtPercentile(99)), ms(latency.getValueAtPercentile(99.9)),
                    ms(latency.getMaxValue()), failed);
        }
    }

    /** Every client PUTs to its own pool, alternating two configurations, until the time or request budget ends. */
    private static Phase run(int port, List<String> pools, Map<String, Boolean> lastWasB, int seconds,
                             long maxRequests) throws InterruptedException {
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong budget = new AtomicLong(maxRequests);
        CountDownLatch done = new CountDownLatch(pools.size());
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        for (String pool : pools) {
            Thread client = new Thread(() -> {
                Histogram mine = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
                boolean flip = lastWasB.getOrDefault(pool, false);
                try (KeepAliveClient http = new KeepAliveClient(port)) {
                    String path = "/api/v1/pools/" + pool + "/mfa-config";
                    while (System.nanoTime() < deadline && budget.decrementAndGet() >= 0) {
                        flip = !flip;
                        long sent = System.nanoTime();
                        KeepAliveClient.Response response = http.send("PUT", path, flip ? CONFIG_B : CONFIG_A);
                        mine.recordValue(Math.min(System.nanoTime() - sent, mine.getHighestTrackableValue()));
                        if (response.status() == 200 && response.body().contains("\"changed\":true")) {
                            ok.incrementAndGet();
                        } else if (failed.incrementAndGet() <= 5) {
                            System.err.println("failed: " + response.status() + " " + response.body());
                        }
                    }
                } catch (IOException e) {
                    failed.incrementAndGet();
                    System.err.println("failed: " + e);
                } finally {
                    lastWasB.put(pool, flip);
                    synchronized (latency) {
                        latency.add(mine);
                    }
                    done.countDown();
                }
            }, "bench-client-" + pool);
            client.start();
        }
        // the JIT warms up for minutes on two cores: show the curve, ten seconds at a time
        long reported = 0;
        for (int tick = 1; !done.await(10, TimeUnit.SECONDS); tick++) {
            long now = ok.get();
            System.out.printf(Locale.ROOT, "  %4d s: %6.0f changes/s%n", tick * 10, (now - reported) / 10.0);
            reported = now;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Phase(ok.get(), failed.get(), elapsed, latency);
    }
}
