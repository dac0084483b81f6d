package com.authledger.support;

import com.authledger.security.ApiKeyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar in a JVM of its own, started as an operator starts it: on 127.0.0.1 and a free port, with one
 * admin API key ({@link #ADMIN_KEY}) and its output appended to a log file. For tests that must kill the process
 * (SIGKILL, as a crash does) or stop it (SIGTERM) and start it again on the same data, which a service inside the
 * test's own JVM cannot show.
 */
public final class PackagedService implements AutoCloseable {

    public static final String ADMIN_KEY = "crash-admin-key-0123456789abcdef";

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private PackagedService(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code jar} on {@code dataDir} and waits until {@code /actuator/health} says UP. A service that exits
     * first, or is not healthy within {@code healthTimeout}, is killed and fails the caller with the log's tail.
     */
    public static PackagedService start(Path jar, Path dataDir, Path log, List<String> extraArgs,
                                        Duration healthTimeout) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No packaged service at " + jar + ": run ./mvnw package first");
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Daxoniq.update-checker.disabled=true", "-XX:+UseParallelGC", "-Xmx512m",
                "-jar", jar.toString(),
                "--server.address=127.0.0.1", "--server.port=" + port,
                "--authledger.data-dir=" + dataDir,
                "--authledger.security.api-keys[0].name=crash",
                "--authledger.security.api-keys[0].role=admin",
                "--authledger.security.api-keys[0].sha256=" + HexFormat.of().formatHex(
                        ApiKeyRegistry.sha256(ADMIN_KEY))));
        command.addAll(extraArgs);
        Files.writeString(log, "### " + String.join(" ", command) + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        PackagedService service = new PackagedService(process, port, log);
        try {
            service.awaitHealthy(healthTimeout);
            return service;
        } catch (RuntimeException | Error e) {
            service.kill();
            throw e;
        }
    }

    private void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new AssertionError("The service exited (status " + process.exitValue() + ") before it was "
                        + "healthy; " + log + " ends with:\n" + logTail(60));
            }
            try {
                Response health = send("GET", "/actuator/health", null, Duration.ofSeconds(2));
                if (health.status() == 200 && health.body().contains("\"status\":\"UP\"")) {
                    return;
                }
                last = health.status() + " " + health.body();
            } catch (IOException e) {
                last = e.toString();
            }
            pause(Duration.ofMillis(200));
        }
        throw new AssertionError("The service was not healthy within " + timeout + " (last answer: " + last + "); "
                + log + " ends with:\n" + logTail(60));
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public record Response(int status, String body, String etag) {
        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** One request as the admin key; an {@link IOException} when the service is gone or does not answer in time. */
    public Response send(String method, String path, String jsonBody) throws IOException {
        return send(method, path, jsonBody, REQUEST_TIMEOUT);
    }

    private Response send(String method, String path, String jsonBody, Duration timeout) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("ETag").orElse(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
    }

    /** SIGKILL, as a crash or an out-of-memory killer ends a process: nothing in the JVM runs any more. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /**
     * SIGTERM, which lets Spring close the database cleanly; past {@code timeout} SIGKILL. Answers whether the
     * service stopped by itself.
     */
    public boolean stop(Duration timeout) {
        process.destroy();
        if (awaitExit(timeout)) {
            return true;
        }
        kill();
        return false;
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last {@code lines} lines of the service's log. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(the log could not be read: " + e + ")";
        }
    }

    /** Kills the service if it still runs: for finally blocks. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    /** A port nothing listens on now, on the loopback address. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A bounded pause between polls of a condition. */
    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
