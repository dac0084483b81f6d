package com.authledger.bench;

import com.authledger.bench.BenchRunner.Phase;
import com.authledger.bench.BenchRunner.Step;
import com.authledger.user.factor.Totp;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sign-in through HTTP (the native API, USER_PASSWORD_AUTH), on the embedded default in a fresh temporary directory,
 * in three phases, bounded in time and in operations, on {@code bench.clients} keep-alive connections. Every phase is
 * warmed up ({@code bench.firstWarmupSeconds} for the first, {@code bench.phaseWarmupSeconds} for the others) before
 * any is measured, so that the JIT has compiled the paths of all three; then they are measured in turn, for
 * {@code bench.phaseSeconds} each, in {@code bench.rounds} rounds (5), so that a drift over the run touches them
 * alike. An operation is a whole sign-in, from the password to the tokens:
 *
 * <ol>
 *   <li>{@code off}: a pool with MFA OFF: one request, answered with tokens (the password's SRP verifier, a 3072-bit
 *   modPow; two RS256 signatures; the session's two events and its token family);</li>
 *   <li>{@code mfa}: an OPTIONAL pool whose users enabled TOTP: InitiateAuth answers SOFTWARE_TOKEN_MFA, then
 *   RespondToAuthChallenge with the current code answers tokens (the user's accepted time step is recorded, so each
 *   code signs in once);</li>
 *   <li>{@code select}: an OPTIONAL pool whose users enabled SMS and TOTP and prefer neither: InitiateAuth answers
 *   SELECT_MFA_TYPE, the answer SOFTWARE_TOKEN_MFA answers that challenge, the code answers tokens. The latency of
 *   the SELECT_MFA_TYPE answers alone is reported too.</li>
 * </ol>
 *
 * <p>A TOTP code is accepted once per user, so each client goes round its own users and gives each the code of the
 * first time step after the one it last used, within the ±1 step the service accepts; set-up enrols enough users
 * ({@code bench.usersPerClient}) that none waits, and as many in the OFF pool, whose clients go round them too. At the end the counts of sessions, successes, accepted codes and
 * token families must match what the clients were told, and no operation may have failed. Run with
 * {@code ./mvnw -Pbenchmark test-compile exec:exec -Dbenchmark.class=com.authledger.bench.SignInBenchmark}; see
 * docs/benchmarks.md.
 */
public final class SignInBenchmark {

    private static final String PASSWORD = "Bench-Pass-123";
    private static final String FLOWS = "\"explicitAuthFlows\":[\"ALLOW_USER_PASSWORD_AUTH\",\"ALLOW_REFRESH_TOKEN_AUTH\"]";
    private static final String SENDER = "\"smsSender\":{\"credentialsRef\":\"arn:aws:iam::123456789012:role/sms\","
            + "\"externalId\":\"bench\",\"region\":\"us-east-1\"}";
    private static final Pattern ID = Pattern.compile("\"(?:poolId|clientId)\":\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("\"session\":\"([^\"]+)\"");
    private static final List<String> PHASES = List.of("off", "mfa", "select");
    private static final AtomicLong NEXT_USER = new AtomicLong();

    /** A user of a client, with its authenticator's secret and the last time step its code was used for. */
    private static final class Member {
        final String name;
        final String secret;
        long lastStep = Long.MIN_VALUE;

        Member(String name, String secret) {
            this.name = name;
            this.secret = secret;
        }
    }

    /** A pool, its app client, and each bench client's users. */
    private record Target(String poolId, String clientId, List<List<Member>> members) {
        String auth() {
            return "/api/v1/pools/" + poolId + "/auth";
        }
    }

    public static void main(String[] args) throws Exception {
        int clients = Integer.getInteger("bench.clients", 8);
        int seconds = Integer.getInteger("bench.phaseSeconds", 20);
        int warmupSeconds = Integer.getInteger("bench.phaseWarmupSeconds", 60);
        int firstWarmupSeconds = Integer.getInteger("bench.firstWarmupSeconds", 120);
        long maxRequests = Long.getLong("bench.maxRequests", 1_000_000);
        int usersPerClient = Integer.getInteger("bench.usersPerClient", 1000);
        int roundCount = Integer.getInteger("bench.rounds", 5);
        List<String> phases = BenchRunner.phases(PHASES);
        Path dataDir = Files.createTempDirectory("authledger-bench");
        // no SMS is sent (TOTP is chosen), but the select pool's users must be able to receive one
        ConfigurableApplicationContext app = BenchRunner.startService(dataDir, "--authledger.sms.transport=none");
        try {
            int port = BenchRunner.port(app);
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            long setupStart = System.nanoTime();
            Map<String, Target> targets = new LinkedHashMap<>();
            try (KeepAliveClient http = new KeepAliveClient(port)) {
                targets.put("off", target(http, "{\"name\":\"bench off\",\"mfaMode\":\"OFF\"}", clients));
                targets.put("mfa", target(http, "{\"name\":\"bench totp\",\"mfaMode\":\"OPTIONAL\","
                        + "\"totpMfa\":{\"enabled\":true}}", clients));
                targets.put("select", target(http, "{\"name\":\"bench select\",\"mfaMode\":\"OPTIONAL\","
                        + "\"totpMfa\":{\"enabled\":true},\"smsMfa\":{\"enabled\":true}," + SENDER + "}", clients));
            }
            for (String phase : phases) {
                // as many users in every pool, so that each phase meets the aggregate cache alike (with a handful of
                // users the OFF pool's would all stay cached, while the MFA pools' outgrow the cache)
                enrol(port, targets.get(phase), phase, clients, usersPerClient);
            }
            System.out.printf(Locale.ROOT, "set-up: pools, clients and users in %.1f s%n",
                    (System.nanoTime() - setupStart) / 1e9);

            long sessionsBefore = count(jdbc, events("SignInStarted"));
            Counters counters = new Counters();
            Map<String, Phase[]> results = new LinkedHashMap<>();
            org.HdrHistogram.Histogram selectAnswers = new org.HdrHistogram.Histogram(
                    java.util.concurrent.TimeUnit.SECONDS.toNanos(30), 3);
            // where the select phase records its SELECT_MFA_TYPE answers: a throwaway histogram but while measured
            AtomicReference<org.HdrHistogram.Histogram> selectSink = new AtomicReference<>(
                    new org.HdrHistogram.Histogram(java.util.concurrent.TimeUnit.SECONDS.toNanos(30), 3));
            org.HdrHistogram.Histogram notMeasured = selectSink.get();
            Map<String, IntFunction<Step>> operations = new LinkedHashMap<>();
            for (String phase : phases) {
                Target target = targets.get(phase);
                int[] cursor = new int[clients];
                // each phase has code of its own, so that the JIT's profile of one phase's branches does not flip at
                // every change of phase (a shared step was deoptimised some 35 times a second)
                operations.put(phase, switch (phase) {
                    case "off" -> client -> http -> {
                        Member member = next(target.members().get(client), cursor, client, false);
                        counters.sessions.incrementAndGet();
                        return tokens(http.send("POST", target.auth() + "/initiate",
                                initiate(target.clientId(), member.name)), counters);
                    };
                    case "mfa" -> client -> http -> {
                        Member member = next(target.members().get(client), cursor, client, true);
                        if (member == null) {
                            return "every user of client " + client + " used its time steps: enrol more users per client";
                        }
                        KeepAliveClient.Response started = http.send("POST", target.auth() + "/initiate",
                                initiate(target.clientId(), member.name));
                        counters.sessions.incrementAndGet();
                        String session = session(started, "SOFTWARE_TOKEN_MFA");
                        return session == null ? started.status() + " " + started.body()
                                : answerCode(http, target, member, session, counters);
                    };
                    case "select" -> client -> http -> {
                        Member member = next(target.members().get(client), cursor, client, true);
                        if (member == null) {
                            return "every user of client " + client + " used its time steps: enrol more users per client";
                        }
                        KeepAliveClient.Response started = http.send("POST", target.auth() + "/initiate",
                                initiate(target.clientId(), member.name));
                        counters.sessions.incrementAndGet();
                        String session = session(started, "SELECT_MFA_TYPE");
                        if (session == null) {
                            return started.status() + " " + started.body();
                        }
                        long sent = System.nanoTime();
                        KeepAliveClient.Response chosen = http.send("POST", target.auth() + "/respond",
                                respond(target.clientId(), "SELECT_MFA_TYPE", session,
                                        "\"ANSWER\":\"SOFTWARE_TOKEN_MFA\""));
                        org.HdrHistogram.Histogram sink = selectSink.get();
                        synchronized (sink) {
                            sink.recordValue(System.nanoTime() - sent);
                        }
                        session = session(chosen, "SOFTWARE_TOKEN_MFA");
                        return session == null ? chosen.status() + " " + chosen.body()
                                : answerCode(http, target, member, session, counters);
                    };
                    default -> throw new IllegalArgumentException("no phase " + phase);
                });
            }
            // every phase is warmed up before any is measured, so that none is measured on colder code than another
            Map<String, Phase> warmups = new LinkedHashMap<>();
            for (String phase : phases) {
                System.out.printf(Locale.ROOT, "%n%s: warm-up%n", phase);
                warmups.put(phase, BenchRunner.run(port, clients, operations.get(phase),
                        warmups.isEmpty() ? firstWarmupSeconds : warmupSeconds, maxRequests));
            }
            // then measured in rounds, the phases taking turns, so that a drift of the machine or of the database's
            // size over the run touches every phase alike; each round's ratios compare neighbouring measurements
            Map<String, List<Phase>> rounds = new LinkedHashMap<>();
            for (int round = 1; round <= roundCount; round++) {
                for (String phase : phases) {
                    System.out.printf(Locale.ROOT, "%n%s: round %d measured, from %s%n", phase, round, Instant.now());
                    selectSink.set(phase.equals("select") ? selectAnswers : notMeasured);
                    Phase measured = BenchRunner.run(port, clients, operations.get(phase), seconds, maxRequests);
                    selectSink.set(notMeasured);
                    rounds.computeIfAbsent(phase, p -> new ArrayList<>()).add(measured);
                }
            }
            for (String phase : phases) {
                results.put(phase, new Phase[]{warmups.get(phase), Phase.combined(rounds.get(phase))});
            }

            long sessions = count(jdbc, events("SignInStarted")) - sessionsBefore;
            long succeeded = count(jdbc, events("SignInSucceeded"));
            long families = count(jdbc, "SELECT COUNT(*) FROM token_family");
            long accepted = count(jdbc, "SELECT COUNT(*) FROM domain_event_entry WHERE payload_type = "
                    + "'com.authledger.user.api.UserEvent$SoftwareTokenCodeAccepted'");
            long failedSteps = count(jdbc, "SELECT COUNT(*) FROM domain_event_entry WHERE payload_type = "
                    + "'com.authledger.user.api.UserEvent$SignInStepFailed'");
            long failed = results.values().stream().mapToLong(p -> p[0].failed() + p[1].failed()).sum();

            System.out.printf(Locale.ROOT, "%nSignInBenchmark: %d clients, H2 file, native API, USER_PASSWORD_AUTH; "
                    + "an operation is a whole sign-in (1, 2 or 3 requests)%n", clients);
            for (Map.Entry<String, Phase[]> result : results.entrySet()) {
                System.out.printf(Locale.ROOT, "%-7s warm-up : %s%n", result.getKey(), result.getValue()[0]);
                System.out.printf(Locale.ROOT, "%-7s measured: %s%n", result.getKey(), result.getValue()[1]);
            }
            System.out.printf(Locale.ROOT, "sessions started %d (clients counted %d), SignInSucceeded %d, token "
                            + "families %d, tokens received %d (all equal)%n", sessions, counters.sessions.get(),
                    succeeded, families, counters.tokens.get());
            System.out.printf(Locale.ROOT, "TOTP codes sent %d, SoftwareTokenCodeAccepted events %d (equal, plus the "
                    + "set-up's verifications: none)%n", counters.codes.get(), accepted);
            System.out.printf(Locale.ROOT, "failed sign-in steps recorded: %d (must be 0)%n", failedSteps);
            System.out.printf(Locale.ROOT, "failed operations, all phases and warm-ups: %d (must be 0)%n", failed);
            System.out.println();
            System.out.println(Phase.header("sign-in"));
            for (int round = 0; round < roundCount; round++) {
                for (String phase : phases) {
                    System.out.println(rounds.get(phase).get(round).row(phase + " (round " + (round + 1) + ")",
                            clients));
                }
            }
            for (Map.Entry<String, Phase[]> result : results.entrySet()) {
                System.out.println(result.getValue()[1].row(result.getKey() + " (all rounds)", clients));
            }
            if (selectAnswers.getTotalCount() > 0) {
                System.out.printf(Locale.ROOT, "SELECT_MFA_TYPE answers alone (measured phase): %d, p50 %.2f ms, "
                                + "p99 %.2f ms%n", selectAnswers.getTotalCount(),
                        BenchRunner.ms(selectAnswers.getValueAtPercentile(50)),
                        BenchRunner.ms(selectAnswers.getValueAtPercentile(99)));
            }
            for (String phase : List.of("mfa", "select")) {
                if (rounds.containsKey("off") && rounds.containsKey(phase)) {
                    List<Double> ratios = new ArrayList<>();
                    for (int round = 0; round < roundCount; round++) {
                        ratios.add(rounds.get(phase).get(round).throughput()
                                / rounds.get("off").get(round).throughput());
                    }
                    System.out.printf(Locale.ROOT, "%s sign-ins per second as a fraction of off: all rounds %.2f; "
                                    + "per round %s%n", phase, results.get(phase)[1].throughput()
                                    / results.get("off")[1].throughput(),
                            ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList());
                }
            }
            boolean consistent = sessions == counters.sessions.get() && succeeded == counters.tokens.get()
                    && families == succeeded && accepted == counters.codes.get() && failedSteps == 0 && failed == 0;
            if (!consistent) {
                System.out.println("INCONSISTENT: see the counts above; the database stays in " + dataDir);
                System.exit(1);
            }
        } finally {
            app.close();
        }
        BenchRunner.deleteRecursively(dataDir);
    }

    private static final class Counters {
        final AtomicLong sessions = new AtomicLong();
        final AtomicLong codes = new AtomicLong();
        final AtomicLong tokens = new AtomicLong();
    }

    /**
     * The code of the first time step after the member's last one, if the service accepts it now (it accepts the
     * current step and one either side); null when the member used them all.
     */
    /** The client's next member, in turn; with {@code needsStep}, the next with an unused time step (or null). */
    private static Member next(List<Member> mine, int[] cursor, int client, boolean needsStep) {
        for (int tried = 0; tried < mine.size(); tried++) {
            Member candidate = mine.get(cursor[client]);
            cursor[client] = (cursor[client] + 1) % mine.size();
            if (!needsStep || hasStepLeft(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Answers the SOFTWARE_TOKEN_MFA challenge of {@code session} with the member's next unused code. */
    private static String answerCode(KeepAliveClient http, Target target, Member member, String session,
                                     Counters counters) throws java.io.IOException {
        String code = nextCode(member);
        if (code == null) {
            return "user " + member.name + " has no unused time step left: enrol more users per client";
        }
        KeepAliveClient.Response answered = http.send("POST", target.auth() + "/respond",
                respond(target.clientId(), "SOFTWARE_TOKEN_MFA", session,
                        "\"SOFTWARE_TOKEN_MFA_CODE\":\"" + code + "\""));
        counters.codes.incrementAndGet();
        return tokens(answered, counters);
    }

    private static boolean hasStepLeft(Member member) {
        return member.lastStep + 1 <= Totp.step(Instant.now()) + 1;
    }

    /**
     * The earliest step the service will still accept when the answer arrives: the previous one, unless the current
     * step ends within 5 seconds (the previous one would then be two behind).
     */
    private static long earliestStep(Instant now) {
        long current = Totp.step(now);
        return Totp.step(now.plusSeconds(5)) == current ? current - 1 : current;
    }

    private static String nextCode(Member member) {
        Instant now = Instant.now();
        long current = Totp.step(now);
        long step = Math.max(member.lastStep + 1, earliestStep(now));
        if (step > current + 1) {
            return null;
        }
        member.lastStep = step;
        return new Totp().codeAt(member.secret, step);
    }

    private static String tokens(KeepAliveClient.Response response, Counters counters) {
        if (response.status() == 200 && response.body().contains("\"accessToken\"")
                && response.body().contains("\"refreshToken\"")) {
            counters.tokens.incrementAndGet();
            return null;
        }
        return response.status() + " " + response.body();
    }

    private static String session(KeepAliveClient.Response response, String challenge) {
        if (response.status() != 200 || !response.body().contains("\"challengeName\":\"" + challenge + "\"")) {
            return null;
        }
        Matcher session = SESSION.matcher(response.body());
        return session.find() ? session.group(1) : null;
    }

    private static String initiate(String clientId, String username) {
        return "{\"clientId\":\"" + clientId + "\",\"authFlow\":\"USER_PASSWORD_AUTH\",\"authParameters\":"
                + "{\"USERNAME\":\"" + username + "\",\"PASSWORD\":\"" + PASSWORD + "\"},\"context\":"
                + "{\"ipAddress\":\"198.51.100.7\",\"userAgent\":\"bench\"}}";
    }

    private static String respond(String clientId, String challenge, String session, String responses) {
        return "{\"clientId\":\"" + clientId + "\",\"challengeName\":\"" + challenge + "\",\"session\":\"" + session
                + "\",\"challengeResponses\":{" + responses + "}}";
    }

    private static Target target(KeepAliveClient http, String pool, int clients) throws Exception {
        String poolId = id(BenchRunner.expect(http.send("POST", "/api/v1/pools", pool), 201, "create pool"));
        String clientId = id(BenchRunner.expect(http.send("POST", "/api/v1/pools/" + poolId + "/clients",
                "{\"name\":\"bench\"," + FLOWS + "}"), 201, "create client"));
        List<List<Member>> members = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            members.add(new ArrayList<>());
        }
        return new Target(poolId, clientId, members);
    }

    private static String id(KeepAliveClient.Response response) {
        Matcher id = ID.matcher(response.body());
        if (!id.find()) {
            throw new IllegalStateException("No id in " + response.body());
        }
        return id.group(1);
    }

    /**
     * Each client's users, in parallel: created with a permanent password; for the MFA pools with a verified
     * authenticator and TOTP enabled (select: also a phone number the admin vouches for, and SMS enabled).
     */
    private static void enrol(int port, Target target, String phase, int clients, int perClient)
            throws InterruptedException {
        String users = "/api/v1/pools/" + target.poolId() + "/users";
        BenchRunner.setUpInParallel(port, clients, (client, http) -> {
            for (int i = 0; i < perClient; i++) {
                long n = NEXT_USER.incrementAndGet();
                String name = "bench-" + phase + "-" + n;
                String phone = phase.equals("select") ? ",\"phoneNumber\":\"+1555" + String.format(Locale.ROOT,
                        "%07d", n % 10_000_000) + "\",\"phoneNumberVerified\":true" : "";
                BenchRunner.expect(http.send("POST", users, "{\"username\":\"" + name
                        + "\",\"temporaryPassword\":\"" + PASSWORD + "\"" + phone + "}"), 201, "create");
                BenchRunner.expect(http.send("PUT", users + "/" + name + "/password", "{\"password\":\""
                        + PASSWORD + "\",\"permanent\":true}"), 200, "set password");
                String secret = null;
                if (!phase.equals("off")) {
                    secret = BenchRunner.enrolAuthenticator(http, users + "/" + name);
                    BenchRunner.expect(http.send("PUT", users + "/" + name + "/mfa-preference",
                            "{\"softwareToken\":{\"enabled\":true,\"preferred\":false}"
                                    + (phase.equals("select") ? ",\"sms\":{\"enabled\":true,\"preferred\":false}"
                                    : "") + "}"), 200, "preference");
                }
                Member member = new Member(name, secret);
                // the verification used the current step: sign-ins start after it
                member.lastStep = Totp.step(Instant.now());
                target.members().get(client).add(member);
            }
        });
    }

    private static String events(String type) {
        return "SELECT COUNT(*) FROM domain_event_entry WHERE payload_type = 'com.authledger.signin.api.SignInEvent$"
                + type + "'";
    }

    private static long count(JdbcTemplate jdbc, String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }
}
