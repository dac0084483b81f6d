package com.authledger.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small HTTP client for the REST API, speaking as one API key. */
public final class TestApi {

    public static final String ADMIN_KEY = "test-admin-key";
    public static final String AUDITOR_KEY = "test-auditor-key";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final int port;
    private final String key;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private TestApi(int port, String key) {
        this.port = port;
        this.key = key;
    }

    public static TestApi admin(int port) {
        return new TestApi(port, ADMIN_KEY);
    }

    public static TestApi auditor(int port) {
        return new TestApi(port, AUDITOR_KEY);
    }

    public static TestApi anonymous(int port) {
        return new TestApi(port, null);
    }

    public static TestApi withKey(int port, String key) {
        return new TestApi(port, key);
    }

    /** A copy that also sends this header. */
    public TestApi header(String name, String value) {
        TestApi copy = new TestApi(port, key);
        copy.headers.putAll(headers);
        copy.headers.put(name, value);
        return copy;
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    public Response post(String path, String body) {
        return send("POST", path, body, "application/json");
    }

    public Response put(String path, String body) {
        return send("PUT", path, body, "application/json");
    }

    public Response send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(HttpResponse<String> raw) {
        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        public JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + raw.body(), e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** The stable machine code of a problem response. */
        public String code() {
            return json().path("code").asText(null);
        }

        @Override
        public String toString() {
            return raw.statusCode() + " " + raw.body();
        }
    }
}
