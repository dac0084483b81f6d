package com.authledger.bench;

import com.authledger.AuthledgerApplication;
import org.HdrHistogram.Histogram;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * What the HTTP benchmarks share: the service started on the embedded default in a given data directory with one
 * admin key, and phases in which {@code clients} threads each send their requests one at a time over a keep-alive
 * connection ({@link KeepAliveClient}) until the time or request budget ends, with their latencies in one histogram.
 */
final class BenchRunner {

    static final String KEY = "bench-admin-key-0123456789abcdef";

    private BenchRunner() {
    }

    /** The service on 127.0.0.1 and a free port, quiet (WARN), with {@link #KEY} as its admin API key. */
    static ConfigurableApplicationContext startService(Path dataDir, String... extraArgs) {
        AuthledgerApplication.disableAxonUpdateChecker();
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--authledger.data-dir=" + dataDir,
                "--authledger.security.api-keys[0].name=bench",
                "--authledger.security.api-keys[0].role=admin",
                "--authledger.security.api-keys[0].sha256=" + HexFormat.of().formatHex(
                        com.authledger.security.ApiKeyRegistry.sha256(KEY)),
                "--logging.level.root=WARN"));
        args.addAll(List.of(extraArgs));
        return new SpringApplicationBuilder(AuthledgerApplication.class).run(args.toArray(String[]::new));
    }

    /** {@code -Dbench.phases}: a subset of {@code all}, in that order; empty or absent means all. */
    static List<String> phases(List<String> all) {
        String asked = System.getProperty("bench.phases", "");
        List<String> phases = asked.isBlank() ? all : java.util.Arrays.stream(asked.split(","))
                .map(String::strip).filter(p -> !p.isEmpty()).toList();
        if (phases.isEmpty() || !all.containsAll(phases)) {
            throw new IllegalArgumentException("bench.phases: a subset of " + all + ", not " + phases);
        }
        return phases;
    }

    static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    /** One operation of a phase (one request or several): null when it succeeded as expected, else what went wrong. */
    @FunctionalInterface
    interface Step {
        String send(KeepAliveClient http) throws IOException;
    }

    record Phase(long ok, long failed, double seconds, Histogram latency) {
        double throughput() {
            return ok / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d operations in %.1f s = %.0f ops/s; latency ms p50 %.2f, p90 %.2f,"
                            + " p99 %.2f, p99.9 %.2f, max %.2f; failed %d", ok, seconds, throughput(),
                    ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(90)),
                    ms(latency.getValueAtPercentile(99)), ms(latency.getValueAtPercentile(99.9)),
                    ms(latency.getMaxValue()), failed);
        }

        /** A row of the benchmarks' markdown table. */
        String row(String name, int clients) {
            return String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %d |", name,
                    clients, throughput(), ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(90)),
                    ms(latency.getValueAtPercentile(99)), ms(latency.getValueAtPercentile(99.9)),
                    ms(latency.getMaxValue()), ok, failed);
        }

        /** Several measurements of one operation as one: their operations, time and latencies added up. */
        static Phase combined(List<Phase> phases) {
            Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
            phases.forEach(phase -> latency.add(phase.latency()));
            return new Phase(phases.stream().mapToLong(Phase::ok).sum(), phases.stream().mapToLong(Phase::failed).sum(),
                    phases.stream().mapToDouble(Phase::seconds).sum(), latency);
        }

        static String header(String operation) {
            return "| " + operation + " | clients | ops/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | measured "
                    + "| failed |\n|---|---|---|---|---|---|---|---|---|---|";
        }
    }

    /** Every client sends its phase's operations, one at a time, until the time or request budget ends. */
    static Phase run(int port, int clients, IntFunction<Step> steps, int seconds, long maxRequests)
            throws InterruptedException {
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong budget = new AtomicLong(maxRequests);
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        for (int c = 0; c < clients; c++) {
            Step step = steps.apply(c);
            Thread client = new Thread(() -> {
                Histogram mine = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
                try (KeepAliveClient http = new KeepAliveClient(port)) {
                    while (System.nanoTime() < deadline && budget.decrementAndGet() >= 0) {
                        long sent = System.nanoTime();
                        String failure = step.send(http);
                        mine.recordValue(Math.min(System.nanoTime() - sent, mine.getHighestTrackableValue()));
                        if (failure == null) {
                            ok.incrementAndGet();
                        } else if (failed.incrementAndGet() <= 5) {
                            System.err.println("failed: " + failure);
                        }
                    }
                } catch (IOException e) {
                    failed.incrementAndGet();
                    System.err.println("failed: " + e);
                } finally {
                    synchronized (latency) {
                        latency.add(mine);
                    }
                    done.countDown();
                }
            }, "bench-client-" + c);
            client.start();
        }
        long reported = 0;
        int tick = 1;
        for (; !done.await(10, TimeUnit.SECONDS); tick++) {
            long now = ok.get();
            System.out.printf(Locale.ROOT, "  %4d s: %6.0f ops/s%n", tick * 10, (now - reported) / 10.0);
            reported = now;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double rest = elapsed - (tick - 1) * 10;
        if (rest >= 1) {
            System.out.printf(Locale.ROOT, "  %4.0f s: %6.0f ops/s%n", elapsed, (ok.get() - reported) / rest);
        }
        return new Phase(ok.get(), failed.get(), elapsed, latency);
    }

    /** What one client does in a set-up: its own requests, on its own connection. */
    @FunctionalInterface
    interface ClientSetUp {
        void run(int client, KeepAliveClient http) throws Exception;
    }

    /** Runs each client's set-up on a thread of its own and waits for all; the first failure fails the set-up. */
    static void setUpInParallel(int port, int clients, ClientSetUp setUp) throws InterruptedException {
        java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                try (KeepAliveClient http = new KeepAliveClient(port)) {
                    setUp.run(client, http);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-setup-" + c);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Set-up failed", failure.get());
        }
    }

    private static final java.util.regex.Pattern SECRET = java.util.regex.Pattern.compile("\"secretCode\":\"([^\"]+)\"");

    /** Associates an authenticator with the user and verifies it with the current code: answers its secret. */
    static String enrolAuthenticator(KeepAliveClient http, String user) throws IOException {
        KeepAliveClient.Response associated = expect(http.send("POST", user + "/software-token", ""), 200,
                "associate");
        java.util.regex.Matcher secret = SECRET.matcher(associated.body());
        if (!secret.find()) {
            throw new IllegalStateException("No secret in " + associated.body());
        }
        String code = new com.authledger.user.factor.Totp().codeAt(secret.group(1),
                com.authledger.user.factor.Totp.step(java.time.Instant.now()));
        expect(http.send("POST", user + "/software-token/verify", "{\"userCode\":\"" + code
                + "\",\"friendlyDeviceName\":\"bench\"}"), 200, "verify");
        return secret.group(1);
    }

    static KeepAliveClient.Response expect(KeepAliveClient.Response response, int status, String what) {
        if (response.status() != status) {
            throw new IllegalStateException(what + ": " + response.status() + " " + response.body());
        }
        return response;
    }

    static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
