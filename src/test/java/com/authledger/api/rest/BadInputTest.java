package com.authledger.api.rest;

import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static com.authledger.api.rest.RestFixtures.MARKER;
import static com.authledger.api.rest.RestFixtures.POOLS;
import static com.authledger.api.rest.RestFixtures.SENDER;
import static com.authledger.api.rest.RestFixtures.TOTP_ON;
import static com.authledger.api.rest.RestFixtures.assertProblem;
import static com.authledger.api.rest.RestFixtures.config;
import static com.authledger.api.rest.RestFixtures.createPool;
import static com.authledger.api.rest.RestFixtures.historyPath;
import static com.authledger.api.rest.RestFixtures.mfaConfigPath;
import static com.authledger.api.rest.RestFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad request on the two writes (POST /pools and PUT mfa-config) and on the reads' parameters: each
 * answers a problem detail with code, status, detail and requestId, never echoes the bad value (a distinctive
 * marker), and appends nothing.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    /** The two writes, each able to wrap a fragment of members into an otherwise valid body. */
    enum Write {
        CREATE_POOL("POST") {
            @Override
            String path(String poolId) {
                return POOLS;
            }

            @Override
            String body(String... members) {
                return pool("Bad input pool", "OPTIONAL", members);
            }
        },
        PUT_MFA_CONFIG("PUT") {
            @Override
            String path(String poolId) {
                return mfaConfigPath(poolId);
            }

            @Override
            String body(String... members) {
                return config("OPTIONAL", members);
            }
        };

        final String method;

        Write(String method) {
            this.method = method;
        }

        abstract String path(String poolId);

        /** A body that is valid (and would change the pool) unless {@code members} spoil it. */
        abstract String body(String... members);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private TestApi admin;
    private EventStoreProbe events;
    private String poolId;
    private long eventsBefore;

    @BeforeAll
    void createPoolToPutTo() {
        poolId = createPool(TestApi.admin(port), pool("Target", "OFF"));
    }

    @BeforeEach
    void setUp() {
        admin = TestApi.admin(port);
        events = new EventStoreProbe(jdbc);
        eventsBefore = events.eventCount();
    }

    private TestApi.Response send(Write write, String body) {
        return send(admin, write, body, "application/json");
    }

    private TestApi.Response send(TestApi api, Write write, String body, String contentType) {
        return api.send(write.method, write.path(poolId), body, contentType);
    }

    /** The problem detail, checked for shape, for the absence of the bad value, and for nothing appended. */
    private JsonNode assertRefused(TestApi.Response response, int status, String code, String badValue) {
        JsonNode problem = assertProblem(response, status, code);
        assertThat(response.body()).as("the refusal must not echo the submitted value").doesNotContain(badValue);
        assertThat(events.eventCount()).as("nothing may be appended").isEqualTo(eventsBefore);
        return problem;
    }

    @Test
    void baselineWhenBodiesAreValidThenBothWritesSucceed() {
        // Guards every case below: the bodies they spoil are accepted when unspoiled.
        TestApi.Response put = send(Write.PUT_MFA_CONFIG, Write.PUT_MFA_CONFIG.body(TOTP_ON));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        TestApi.Response created = send(Write.CREATE_POOL, Write.CREATE_POOL.body(TOTP_ON));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(events.eventCount()).isGreaterThan(eventsBefore);
    }

    // --- not JSON -----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenJsonIsTruncatedThenMalformedJsonAndNothingAppended(Write write) {
        String body = write.body(TOTP_ON, "\"smsMfa\":{\"enabled\":false,\"message\":\"" + MARKER + " {####}\"}");
        assertRefused(send(write, body.substring(0, body.length() - 1)), 400, "MalformedJson", MARKER);
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenJsonIsMalformedInsideNestedObjectThenMalformedJsonAndNothingAppended(Write write) {
        String truncated = write.body(TOTP_ON, "\"smsMfa\":{\"enabled\":false,\"message\":\"" + MARKER + " {####}\"}");
        assertRefused(send(write, truncated.substring(0, truncated.length() - 2)), 400, "MalformedJson", MARKER);
        assertRefused(send(write, write.body(TOTP_ON, "\"smsMfa\":{\"enabled\":" + MARKER + "}")), 400,
                "MalformedJson", MARKER);
        assertRefused(send(write, write.body(TOTP_ON, "\"smsMfa\":{\"enabled\":false \"message\":\"" + MARKER
                + " {####}\"}")), 400, "MalformedJson", MARKER);
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenJsonHasBareTokenThenMalformedJsonAndNothingAppended(Write write) {
        assertRefused(send(write, write.body(TOTP_ON, "\"smsSender\":" + MARKER)), 400, "MalformedJson", MARKER);
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenBodyIsEmptyThenBadRequestAndNothingAppended(Write write) {
        JsonNode problem = assertRefused(send(write, ""), 400, "MalformedJson", MARKER);
        assertThat(problem.path("detail").asText()).contains("body is required");
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenKeyIsDuplicatedThenBadRequestAndNothingAppended(Write write) {
        assertRefused(send(write, write.body(TOTP_ON, "\"mfaMode\":\"" + MARKER + "\"")), 400, "MalformedJson",
                MARKER);
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenTrailingTokensFollowTheObjectThenBadRequestAndNothingAppended(Write write) {
        assertRefused(send(write, write.body(TOTP_ON) + " \"" + MARKER + "\""), 400, "MalformedJson", MARKER);
    }

    // --- unknown fields -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenUnknownTopLevelFieldThenUnknownFieldNamingItAndNothingAppended(Write write) {
        JsonNode problem = assertRefused(send(write, write.body(TOTP_ON, "\"colour\":\"" + MARKER + "\"")), 400,
                "UnknownField", MARKER);
        assertThat(problem.path("detail").asText()).contains("'colour'");
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenUnknownNestedFieldThenUnknownFieldNamingItsPathAndNothingAppended(Write write) {
        JsonNode problem = assertRefused(send(write, write.body(TOTP_ON,
                "\"smsMfa\":{\"enabled\":false,\"colour\":\"" + MARKER + "\"}")), 400, "UnknownField", MARKER);
        assertThat(problem.path("detail").asText()).contains("'smsMfa.colour'");
    }

    // --- wrong values and types ---------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenModeIsOnThenInvalidFieldValueListingTheModesAndNothingAppended(Write write) {
        String body = write.body(TOTP_ON).replace("\"mfaMode\":\"OPTIONAL\"", "\"mfaMode\":\"ON\"");
        JsonNode problem = assertRefused(send(write, body), 400, "InvalidFieldValue", "\"ON\"");
        assertThat(problem.path("detail").asText()).contains("'mfaMode'").contains("OFF, OPTIONAL, REQUIRED");
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenModeIsUnknownThenInvalidFieldValueWithoutEchoAndNothingAppended(Write write) {
        String body = write.body(TOTP_ON).replace("\"mfaMode\":\"OPTIONAL\"", "\"mfaMode\":\"" + MARKER + "\"");
        JsonNode problem = assertRefused(send(write, body), 400, "InvalidFieldValue", MARKER);
        assertThat(problem.path("detail").asText()).contains("OFF, OPTIONAL, REQUIRED");
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenBooleanIsTextThenInvalidFieldValueAndNothingAppended(Write write) {
        JsonNode problem = assertRefused(send(write, write.body("\"totpMfa\":{\"enabled\":\"yes " + MARKER + "\"}")),
                400, "InvalidFieldValue", MARKER);
        assertThat(problem.path("detail").asText()).contains("'totpMfa.enabled'");
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenBooleanIsPlainYesThenInvalidFieldValueAndNothingAppended(Write write) {
        JsonNode problem = assertRefused(send(write, write.body("\"totpMfa\":{\"enabled\":\"yes\"}")), 400,
                "InvalidFieldValue", "yes");
        assertThat(problem.path("detail").asText()).contains("'totpMfa.enabled'");
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenBooleanIsNumberThenInvalidFieldValueAndNothingAppended(Write write) {
        JsonNode problem = assertRefused(send(write, write.body("\"totpMfa\":{\"enabled\":1}")), 400,
                "InvalidFieldValue", MARKER);
        assertThat(problem.path("detail").asText()).contains("'totpMfa.enabled'");
        String distinctive = "918273645";
        assertRefused(send(write, write.body("\"totpMfa\":{\"enabled\":" + distinctive + "}")), 400,
                "InvalidFieldValue", distinctive);
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenBooleanIsNullThenInvalidFieldValueAndNothingAppended(Write write) {
        JsonNode problem = assertRefused(send(write, write.body("\"totpMfa\":{\"enabled\":null}")), 400,
                "InvalidFieldValue", MARKER);
        assertThat(problem.path("detail").asText()).contains("'totpMfa.enabled'");
    }

    @Test
    void createWhenNameIsNumberThenInvalidFieldValueAndNothingAppended() {
        String distinctive = "918273645";
        JsonNode problem = assertRefused(admin.post(POOLS, "{\"name\":" + distinctive + ",\"mfaMode\":\"OFF\"}"),
                400, "InvalidFieldValue", distinctive);
        assertThat(problem.path("detail").asText()).contains("'name'");
        assertRefused(admin.post(POOLS, "{\"name\":123,\"mfaMode\":\"OFF\"}"), 400, "InvalidFieldValue", MARKER);
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenTextIsNumberThenInvalidFieldValueAndNothingAppended(Write write) {
        String distinctive = "918273645";
        JsonNode problem = assertRefused(send(write, write.body(TOTP_ON,
                "\"smsMfa\":{\"enabled\":false,\"message\":" + distinctive + "}")), 400, "InvalidFieldValue",
                distinctive);
        assertThat(problem.path("detail").asText()).contains("'smsMfa.message'");
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenObjectIsArrayThenInvalidFieldValueAndNothingAppended(Write write) {
        JsonNode problem = assertRefused(send(write, write.body("\"totpMfa\":[]")), 400, "InvalidFieldValue", MARKER);
        assertThat(problem.path("detail").asText()).contains("'totpMfa'");
        assertRefused(send(write, write.body("\"totpMfa\":[\"" + MARKER + "\"]")), 400, "InvalidFieldValue", MARKER);
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenBodyIsNotAnObjectThenBadRequestAndNothingAppended(Write write) {
        assertRefused(send(write, "[\"" + MARKER + "\"]"), 400, "MalformedJson", MARKER);
        assertRefused(send(write, "\"" + MARKER + "\""), 400, "MalformedJson", MARKER);
    }

    // --- values breaking their own rules ------------------------------------------------------------------------

    @Test
    void createWhenNameHas129CharactersThenInvalidParameterNamingNameAndNothingAppended() {
        String name = MARKER + "x".repeat(129 - MARKER.length());
        assertThat(name).hasSize(129);

        JsonNode problem = assertRefused(admin.post(POOLS, pool(name, "OFF")), 400, "InvalidParameter", MARKER);

        assertThat(problem.path("detail").asText()).startsWith("name ").contains("128");
    }

    @Test
    void createWhenNameHas128CharactersThenCreated() {
        TestApi.Response created = admin.post(POOLS, pool("n".repeat(128), "OFF"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    @Test
    void createWhenNameIsEmptyThenInvalidParameterNamingNameAndNothingAppended() {
        JsonNode problem = assertRefused(admin.post(POOLS, pool("", "OFF")), 400, "InvalidParameter", MARKER);
        assertThat(problem.path("detail").asText()).startsWith("name ");
    }

    @Test
    void createWhenNameIsMissingThenInvalidParameterNamingNameAndNothingAppended() {
        JsonNode problem = assertRefused(admin.post(POOLS, "{\"mfaMode\":\"OFF\"}"), 400, "InvalidParameter", MARKER);
        assertThat(problem.path("detail").asText()).startsWith("name ");
    }

    @Test
    void createWhenNameHasForbiddenCharactersThenInvalidParameterAndNothingAppended() {
        JsonNode problem = assertRefused(admin.post(POOLS, pool(MARKER + "<script>", "OFF")), 400, "InvalidParameter",
                MARKER);
        assertThat(problem.path("detail").asText()).startsWith("name ");
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenModeIsMissingThenInvalidParameterNamingModeAndNothingAppended(Write write) {
        String body = write.body(TOTP_ON).replace("\"mfaMode\":\"OPTIONAL\",", "");
        assertThat(body).doesNotContain("mfaMode");
        JsonNode problem = assertRefused(send(write, body), 400, "InvalidParameter", MARKER);
        assertThat(problem.path("detail").asText()).startsWith("mfaMode ");
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenSmsMessageLacksPlaceholderThenInvalidParameterNamingItAndNothingAppended(Write write) {
        JsonNode problem = assertRefused(send(write, write.body(TOTP_ON,
                "\"smsMfa\":{\"enabled\":false,\"message\":\"" + MARKER + " no code\"}")), 400, "InvalidParameter",
                MARKER);
        assertThat(problem.path("detail").asText()).startsWith("smsMfa.message ").contains("{####}");
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenSmsMessageHas141CharactersThenInvalidParameterNamingItAndNothingAppended(Write write) {
        String message = MARKER + " {####} " + "x".repeat(141 - MARKER.length() - 8);
        assertThat(message).hasSize(141);

        JsonNode problem = assertRefused(send(write, write.body(TOTP_ON,
                "\"smsMfa\":{\"enabled\":false,\"message\":\"" + message + "\"}")), 400, "InvalidParameter", MARKER);

        assertThat(problem.path("detail").asText()).startsWith("smsMfa.message ").contains("140");
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenSenderRegionIsBadThenInvalidParameterNamingItAndNothingAppended(Write write) {
        String sender = SENDER.replace("\"region\":\"us-east-1\"", "\"region\":\"" + MARKER + "\"");
        assertThat(sender).contains(MARKER);

        JsonNode problem = assertRefused(send(write, write.body(TOTP_ON, sender)), 400, "InvalidParameter", MARKER);

        assertThat(problem.path("detail").asText()).startsWith("smsSender.region ");
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenSenderCredentialsRefIsBadThenInvalidParameterNamingItAndNothingAppended(Write write) {
        String sender = SENDER.replaceFirst("\"credentialsRef\":\"[^\"]+\"",
                "\"credentialsRef\":\"" + MARKER + " <bad>\"");

        JsonNode problem = assertRefused(send(write, write.body(TOTP_ON, sender)), 400, "InvalidParameter", MARKER);

        assertThat(problem.path("detail").asText()).startsWith("smsSender.credentialsRef ");
    }

    // --- size and media type ------------------------------------------------------------------------------------

    private String oversizedBody(Write write) {
        String body = write.body(TOTP_ON, "\"smsMfa\":{\"enabled\":false,\"message\":\"{####} "
                + (MARKER + " ").repeat(4000) + "\"}");
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(64 * 1024);
        return body;
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenBodyOver64KiBWithContentLengthThenPayloadTooLargeAndNothingAppended(Write write) {
        assertRefused(send(write, oversizedBody(write)), 413, "PayloadTooLarge", MARKER);
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenBodyOver64KiBIsChunkedThenPayloadTooLargeAndNothingAppended(Write write) {
        byte[] body = oversizedBody(write).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = streamed(write, body, "application/json");

        assertRefused(new TestApi.Response(response), 413, "PayloadTooLarge", MARKER);
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenBodyOfExactly64KiBThenNotRefusedForSize(Write write) {
        String start = write.body(TOTP_ON, "\"smsMfa\":{\"enabled\":false,\"message\":\"Your code is {####}\"}");
        // Pad with insignificant whitespace up to exactly the limit: the body is valid JSON of 65536 bytes.
        String body = start + " ".repeat(64 * 1024 - start.getBytes(StandardCharsets.UTF_8).length);
        assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(64 * 1024);

        TestApi.Response response = send(write, body);

        assertThat(response.status()).as(response.toString()).isIn(200, 201);
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenContentTypeIsNotJsonThenUnsupportedMediaTypeAndNothingAppended(Write write) {
        TestApi.Response response = send(admin, write, write.body(TOTP_ON, "\"colour\":\"" + MARKER + "\""),
                "text/plain");
        assertRefused(response, 415, "UnsupportedMediaType", MARKER);
        TestApi.Response odd = send(admin, write, write.body(TOTP_ON), "application/x-" + MARKER);
        assertRefused(odd, 415, "UnsupportedMediaType", MARKER);
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenContentTypeIsMissingThenUnsupportedMediaTypeAndNothingAppended(Write write) {
        assertRefused(send(admin, write, write.body(TOTP_ON), null), 415, "UnsupportedMediaType", MARKER);
    }

    /** Form bodies are never parsed (the API takes JSON only), so a large streamed one is refused unread. */
    @Test
    void putWhenFormEncodedBodyOver64KiBIsChunkedThenUnsupportedMediaTypeAndNothingAppended() {
        byte[] body = ("a=" + (MARKER + "+").repeat(4000)).getBytes(StandardCharsets.UTF_8);
        assertThat(body.length).isGreaterThan(64 * 1024);

        HttpResponse<String> response = streamed(Write.PUT_MFA_CONFIG, body, "application/x-www-form-urlencoded");

        assertRefused(new TestApi.Response(response), 415, "UnsupportedMediaType", MARKER);
    }

    /** Sends the body from an InputStream, so the client announces no length and streams it in chunks. */
    private HttpResponse<String> streamed(Write write, byte[] body, String contentType) {
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
        assertThat(publisher.contentLength()).as("no Content-Length: the body goes out chunked").isNegative();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + write.path(poolId)))
                .header("Authorization", "Bearer " + TestApi.ADMIN_KEY)
                .header("Content-Type", contentType)
                .method(write.method, publisher)
                .build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- X-Reason -----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenReasonHasTabThenInvalidParameterNamingHeaderAndNothingAppended(Write write) {
        TestApi.Response response = send(admin.header("X-Reason", MARKER + "\tmore"), write, write.body(TOTP_ON),
                "application/json");

        JsonNode problem = assertRefused(response, 400, "InvalidParameter", MARKER);

        assertThat(problem.path("detail").asText()).startsWith("X-Reason ");
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenReasonIsNotUtf8ThenInvalidParameterAndNothingAppended(Write write) {
        RawHttp.Response raw = sendWithRawReason(write, bytes(MARKER), new byte[]{(byte) 0xFF, (byte) 0xFE});

        JsonNode problem = assertRefused(problemOf(raw), 400, "InvalidParameter", MARKER);

        assertThat(problem.path("detail").asText()).startsWith("X-Reason ");
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenReasonHasC1ControlCharacterThenInvalidParameterAndNothingAppended(Write write) {
        RawHttp.Response raw = sendWithRawReason(write, bytes(MARKER), new byte[]{(byte) 0xC2, (byte) 0x85});

        JsonNode problem = assertRefused(problemOf(raw), 400, "InvalidParameter", MARKER);

        assertThat(problem.path("detail").asText()).startsWith("X-Reason ");
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenReasonHasAsciiControlByteThenInvalidParameterAndNothingAppended(Write write) {
        RawHttp.Response raw = sendWithRawReason(write, bytes(MARKER), new byte[]{0x01});

        assertRefused(problemOf(raw), 400, "InvalidParameter", MARKER);
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void writeWhenReasonOver1024CharactersThenInvalidParameterAndNothingAppended(Write write) {
        String reason = MARKER + "r".repeat(1025 - MARKER.length());
        assertThat(reason).hasSize(1025);
        TestApi.Response response = send(admin.header("X-Reason", reason), write, write.body(TOTP_ON),
                "application/json");

        JsonNode problem = assertRefused(response, 400, "InvalidParameter", MARKER);

        assertThat(problem.path("detail").asText()).startsWith("X-Reason ").contains("1024");
    }

    @Test
    void putWhenReasonHas1024CharactersThenAccepted() {
        TestApi.Response response = admin.header("X-Reason", "r".repeat(1024))
                .put(mfaConfigPath(poolId), config("OPTIONAL", TOTP_ON, "\"smsMfa\":{\"enabled\":false,"
                        + "\"message\":\"Reason 1024 {####}\"}"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    /** Sends the write with an X-Reason of exactly these bytes (marker, then the bad bytes, then "more"). */
    private RawHttp.Response sendWithRawReason(Write write, byte[] marker, byte[] bad) {
        byte[] headers = concat(bytes("Authorization: Bearer " + TestApi.ADMIN_KEY + "\r\n"
                + "Content-Type: application/json\r\nX-Reason: "), marker, bad, bytes("more\r\n"));
        return RawHttp.send(port, write.method, write.path(poolId), headers,
                write.body(TOTP_ON).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Wraps a raw answer so the problem assertions apply to it. */
    private static TestApi.Response problemOf(RawHttp.Response raw) {
        return RawHttp.asTestApiResponse(raw);
    }

    // --- If-Match -----------------------------------------------------------------------------------------------

    @Test
    void putWhenIfMatchIsNotAnEtagThenInvalidParameterAndNothingAppended() {
        TestApi.Response response = admin.header("If-Match", "\"" + MARKER + "\"")
                .put(mfaConfigPath(poolId), config("OPTIONAL", TOTP_ON));

        JsonNode problem = assertRefused(response, 400, "InvalidParameter", MARKER);

        assertThat(problem.path("detail").asText()).startsWith("If-Match ");
    }

    // --- query parameters ---------------------------------------------------------------------------------------

    @Test
    void getMfaConfigWhenAsOfIsNotAnInstantThenInvalidParameterNamingAsOf() {
        JsonNode problem = assertRefused(admin.get(mfaConfigPath(poolId) + "?asOf=" + MARKER), 400,
                "InvalidParameter", MARKER);
        assertThat(problem.path("detail").asText()).startsWith("asOf ");
        assertRefused(admin.get(mfaConfigPath(poolId) + "?asOf=2026-03-01"), 400, "InvalidParameter", MARKER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "201", "-1"})
    void getWhenPageSizeOutOfRangeThenInvalidParameterNamingPageSize(String pageSize) {
        for (String path : listings()) {
            TestApi.Response response = admin.get(path + "?pageSize=" + pageSize);
            JsonNode problem = assertRefused(response, 400, "InvalidParameter", MARKER);
            assertThat(problem.path("detail").asText()).as(path).startsWith("pageSize ").contains("200");
        }
    }

    @Test
    void getWhenPageSizeIsNotANumberThenInvalidParameterNamingPageSize() {
        for (String path : listings()) {
            JsonNode problem = assertRefused(admin.get(path + "?pageSize=abc" + MARKER), 400, "InvalidParameter",
                    MARKER);
            assertThat(problem.path("detail").asText()).as(path).startsWith("pageSize ");
        }
    }

    @Test
    void getWhenPageTokenIsForeignThenInvalidParameterNamingPageToken() {
        for (String path : listings()) {
            for (String token : new String[]{MARKER, "p" + MARKER, "p-1", "p" + "z".repeat(23), "x" + MARKER}) {
                JsonNode problem = assertRefused(admin.get(path + "?pageToken=" + token), 400, "InvalidParameter",
                        MARKER);
                assertThat(problem.path("detail").asText()).as(path).startsWith("pageToken ");
            }
        }
    }

    @Test
    void getHistoryWhenFromIsNotAnInstantThenInvalidParameterNamingIt() {
        JsonNode problem = assertRefused(admin.get(historyPath(poolId) + "?from=" + MARKER), 400, "InvalidParameter",
                MARKER);
        assertThat(problem.path("detail").asText()).startsWith("from ");
        JsonNode to = assertRefused(admin.get("/api/v1/audit/mfa-config?to=" + MARKER), 400, "InvalidParameter",
                MARKER);
        assertThat(to.path("detail").asText()).startsWith("to ");
    }

    @Test
    void getAuditWhenPoolIdFilterMalformedThenInvalidParameter() {
        JsonNode problem = assertRefused(admin.get("/api/v1/audit/mfa-config?poolId=" + MARKER), 400,
                "InvalidParameter", MARKER);
        assertThat(problem.path("detail").asText()).startsWith("poolId ");
    }

    @Test
    void getWhenPoolIdHasCharactersTheFirewallRejectsThenProblemWithoutEcho() {
        assertRefused(admin.get(POOLS + "/us-east-1_abc;x=" + MARKER), 400, "InvalidParameter", MARKER);
        assertRefused(admin.get(POOLS + "/us-east-1_abc%25" + MARKER), 400, "InvalidParameter", MARKER);
    }

    private String[] listings() {
        return new String[]{POOLS, historyPath(poolId), "/api/v1/audit/mfa-config"};
    }
}
