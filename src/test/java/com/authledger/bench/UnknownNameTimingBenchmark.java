package com.authledger.bench;

import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Can the time of a wrong password tell a name that exists from one that does not? An attacker's view: over
 * {@code bench.names} known and as many unknown names, each tried {@code bench.tries} times with a wrong password
 * (USER_PASSWORD_AUTH on the native API, one request at a time, the names in a shuffled order), the minimum time
 * per name is its signal. The best threshold classifier on those minimums (the threshold chosen on the very data it
 * is scored on, so an upper bound for any attacker's threshold) should do no better than chance: the target is at
 * most 60 % right.
 *
 * <p>Each try comes from an address of its own (the end user's context), so that the per-address guess limits,
 * which would stop the attacker first, do not stop the measurement; the per-user lockout (5) is never reached.
 */
public final class UnknownNameTimingBenchmark {

    private static final Pattern ID = Pattern.compile("\"(?:poolId|clientId)\":\"([^\"]+)\"");
    private static final String PASSWORD = "Bench-Pass-123";

    private UnknownNameTimingBenchmark() {
    }

    private record Name(String name, boolean known, long[] nanos) {
        long minimum() {
            long min = Long.MAX_VALUE;
            for (long n : nanos) {
                min = Math.min(min, n);
            }
            return min;
        }
    }

    public static void main(String[] args) throws Exception {
        int names = Integer.getInteger("bench.names", 200);
        int tries = Integer.getInteger("bench.tries", 4);
        Path dataDir = Files.createTempDirectory("authledger-bench-timing");
        ConfigurableApplicationContext app = BenchRunner.startService(dataDir);
        try (KeepAliveClient http = new KeepAliveClient(BenchRunner.port(app))) {
            String poolId = id(BenchRunner.expect(http.send("POST", "/api/v1/pools",
                    "{\"name\":\"timing\",\"mfaMode\":\"OFF\"}"), 201, "create pool"));
            String clientId = id(BenchRunner.expect(http.send("POST", "/api/v1/pools/" + poolId + "/clients",
                    "{\"name\":\"timing\",\"explicitAuthFlows\":[\"ALLOW_USER_PASSWORD_AUTH\"]}"), 201,
                    "create client"));
            String users = "/api/v1/pools/" + poolId + "/users";
            List<Name> all = new ArrayList<>();
            for (int i = 0; i < names; i++) {
                String name = "known-" + i;
                BenchRunner.expect(http.send("POST", users, "{\"username\":\"" + name + "\",\"temporaryPassword\":\""
                        + PASSWORD + "\"}"), 201, "create");
                BenchRunner.expect(http.send("PUT", users + "/" + name + "/password", "{\"password\":\"" + PASSWORD
                        + "\",\"permanent\":true}"), 200, "set password");
                all.add(new Name(name, true, new long[tries]));
                all.add(new Name("unknown-" + i, false, new long[tries]));
            }
            String auth = "/api/v1/pools/" + poolId + "/auth/initiate";
            // a warm-up on names of their own, so that neither kind meets colder code than the other
            for (int i = 0; i < 200; i++) {
                tryWrong(http, auth, clientId, i % 2 == 0 ? "known-" + (i % names) : "warm-up-" + i, i);
            }
            Random random = new Random(7);
            int address = 1_000;
            for (int round = 0; round < tries; round++) {
                Collections.shuffle(all, random);
                for (Name name : all) {
                    name.nanos()[round] = tryWrong(http, auth, clientId, name.name(), address++);
                }
            }
            report(all, tries);
        } finally {
            app.close();
        }
    }

    /** One wrong password for {@code name} from the address numbered {@code address}; answers its time. */
    private static long tryWrong(KeepAliveClient http, String auth, String clientId, String name, int address)
            throws Exception {
        String ip = "10." + (address >> 16 & 255) + "." + (address >> 8 & 255) + "." + (address & 255);
        String body = "{\"clientId\":\"" + clientId + "\",\"authFlow\":\"USER_PASSWORD_AUTH\",\"authParameters\":"
                + "{\"USERNAME\":\"" + name + "\",\"PASSWORD\":\"Wrong-Pass-123\"},\"context\":{\"ipAddress\":\"" + ip
                + "\"}}";
        long sent = System.nanoTime();
        KeepAliveClient.Response answer = http.send("POST", auth, body);
        long took = System.nanoTime() - sent;
        if (answer.status() != 400 || !answer.body().contains("NotAuthorized")) {
            throw new IllegalStateException("a wrong password for " + name + ": " + answer.status() + " "
                    + answer.body());
        }
        return took;
    }

    /** The best threshold on the per-name minimums, in either direction, and how often it is right. */
    private static void report(List<Name> all, int tries) {
        List<Long> known = all.stream().filter(Name::known).map(Name::minimum).sorted().toList();
        List<Long> unknown = all.stream().filter(n -> !n.known()).map(Name::minimum).sorted().toList();
        List<Long> thresholds = new ArrayList<>(known);
        thresholds.addAll(unknown);
        double best = 0.5;
        long bestThreshold = 0;
        for (long t : thresholds) {
            long knownAbove = known.stream().filter(m -> m > t).count();
            long unknownAbove = unknown.stream().filter(m -> m > t).count();
            // "known when slower than t", and its mirror "known when faster than t"
            double slower = (knownAbove + (unknown.size() - unknownAbove)) / (double) all.size();
            double faster = 1 - slower;
            if (Math.max(slower, faster) > best) {
                best = Math.max(slower, faster);
                bestThreshold = t;
            }
        }
        System.out.printf(Locale.ROOT, "%n%d known and %d unknown names, %d wrong passwords each; the minimum per "
                        + "name:%n", known.size(), unknown.size(), tries);
        System.out.printf(Locale.ROOT, "| names | min ms | p10 ms | p50 ms | p90 ms | max ms |%n|---|---|---|---|---|---|%n");
        row("known", known);
        row("unknown", unknown);
        System.out.printf(Locale.ROOT, "%nthe best threshold classifier (%.2f ms) is right for %.1f %% of the names "
                + "(target: at most 60 %%)%n", bestThreshold / 1e6, best * 100);
    }

    private static void row(String what, List<Long> sorted) {
        System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f |%n", what, sorted.get(0) / 1e6,
                at(sorted, 0.10), at(sorted, 0.50), at(sorted, 0.90), sorted.get(sorted.size() - 1) / 1e6);
    }

    private static double at(List<Long> sorted, double quantile) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(quantile * sorted.size()))) / 1e6;
    }

    private static String id(KeepAliveClient.Response response) {
        Matcher id = ID.matcher(response.body());
        if (!id.find()) {
            throw new IllegalStateException("No id in " + response.body());
        }
        return id.group(1);
    }
}
