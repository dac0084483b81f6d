package com.authledger.api.rest;

import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Request bodies and problem-detail assertions shared by the REST API tests. */
final class RestFixtures {

    /** A distinctive bad value: a refusal must never send it back. */
    static final String MARKER = "SECRET-MARKER-123";

    static final String POOLS = "/api/v1/pools";

    static final String SMS_MESSAGE = "Your code is {####}";
    static final String SENDER_ARN = "arn:aws:iam::123456789012:role/authledger-sms";

    static final String TOTP_ON = "\"totpMfa\":{\"enabled\":true}";
    static final String TOTP_OFF = "\"totpMfa\":{\"enabled\":false}";
    static final String SMS_ON = "\"smsMfa\":{\"enabled\":true,\"message\":\"" + SMS_MESSAGE + "\"}";
    static final String ADAPTIVE_ON = "\"adaptiveAuthentication\":{\"enabled\":true}";
    static final String SENDER = "\"smsSender\":{\"credentialsRef\":\"" + SENDER_ARN
            + "\",\"externalId\":\"ext-1\",\"region\":\"us-east-1\"}";

    private RestFixtures() {
    }

    /** A PUT mfa-config body: the mode and the given members, e.g. {@code config("OPTIONAL", TOTP_ON)}. */
    static String config(String mode, String... members) {
        return "{\"mfaMode\":\"" + mode + "\"" + tail(members) + "}";
    }

    /** A POST /pools body. */
    static String pool(String name, String mode, String... members) {
        return "{\"name\":\"" + name + "\",\"mfaMode\":\"" + mode + "\"" + tail(members) + "}";
    }

    private static String tail(String... members) {
        return Arrays.stream(members).map(m -> "," + m).collect(Collectors.joining());
    }

    static String mfaConfigPath(String poolId) {
        return POOLS + "/" + poolId + "/mfa-config";
    }

    static String historyPath(String poolId) {
        return mfaConfigPath(poolId) + "/history";
    }

    /** Creates a pool and returns its id, failing unless the API answered 201. */
    static String createPool(TestApi api, String body) {
        TestApi.Response created = api.post(POOLS, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("poolId").asText();
    }

    /**
     * Asserts an RFC 7807 problem with the given status and stable code, carrying status, a detail, and the
     * request id the response header also carries. Returns the problem for further checks.
     */
    static JsonNode assertProblem(TestApi.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("code").asText()).as(response.toString()).isEqualTo(code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(problem.path("requestId").asText()).isNotBlank().isEqualTo(response.header("X-Request-Id"));
        return problem;
    }
}
