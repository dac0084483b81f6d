package com.authledger.api.cognito;

import com.authledger.support.IntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The protocol itself, whatever the operation: routing by X-Amz-Target, Cognito's error shape and headers, the
 * refusals of malformed bodies, wrong types, missing members and oversized requests, never a 500 and never an echo.
 */
@IntegrationTest
class CognitoProtocolTest {

    static final String MARKER = "zz-marker-value-zz";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    /** Two operations that exist only in this test: one unsigned that echoes its checked input, one signed. */
    @TestConfiguration
    static class TestOperations {
        @Bean
        CognitoOperation.Group testGroup() {
            return () -> List.of(
                    CognitoOperation.unsigned("TestEcho", (input, call) -> {
                        record Output(String userPoolId, Integer maxResults, Boolean enabled, Instant creationDate) {
                        }
                        return new Output(input.string("UserPoolId", 1, 55, Pattern.compile("[\\w-]+_[0-9a-zA-Z]+")),
                                input.optInt("MaxResults", 1, 60), input.optBoolean("Enabled"),
                                Instant.ofEpochMilli(1_700_000_000_123L));
                    }),
                    CognitoOperation.admin("TestSignedWrite", (input, call) -> Map.of()));
        }
    }

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        String type() {
            return body.path("__type").asText(null);
        }
    }

    Answer call(String target, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).doesNotContain(MARKER);
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(response.headers().firstValue("Content-Type")).contains("application/x-amz-json-1.1");
        return new Answer(response.statusCode(), JSON.readTree(response.body()), response);
    }

    Answer echo(String body) throws Exception {
        return call("AWSCognitoIdentityProviderService.TestEcho", "application/x-amz-json-1.1", body);
    }

    Answer assertError(Answer answer, int status, String type) {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.type()).isEqualTo(type);
        assertThat(answer.body().path("message").asText()).isNotBlank();
        assertThat(answer.raw().headers().firstValue("x-amzn-ErrorType")).contains(type);
        return answer;
    }

    @Test
    void anOperationAnswersInCognitosMemberNamesWithTimestampsInEpochSeconds() throws Exception {
        Answer answer = echo("{\"UserPoolId\":\"us-east-1_Abc123\",\"MaxResults\":60,\"Enabled\":true,"
                + "\"SomeFutureMember\":{\"x\":1}}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("UserPoolId").asText()).isEqualTo("us-east-1_Abc123");
        assertThat(answer.body().path("MaxResults").asInt()).isEqualTo(60);
        assertThat(answer.body().path("Enabled").asBoolean()).isTrue();
        assertThat(answer.body().path("CreationDate").decimalValue()).isEqualByComparingTo("1700000000.123");
        assertThat(answer.raw().headers().firstValue("x-amzn-RequestId")).isPresent();
    }

    @Test
    void anUnknownOrMissingTargetIsAnUnknownOperation() throws Exception {
        assertError(call("AWSCognitoIdentityProviderService.NoSuchThing", "application/x-amz-json-1.1", "{}"),
                400, "UnknownOperationException");
        assertError(call("SomeOtherService.TestEcho", "application/x-amz-json-1.1", "{}"),
                400, "UnknownOperationException");
        assertError(call(null, "application/x-amz-json-1.1", "{}"), 400, "UnknownOperationException");
    }

    @Test
    void malformedOrMistypedBodiesAreSerializationErrorsThatEchoNothing() throws Exception {
        assertError(echo("{\"UserPoolId\":\"" + MARKER), 400, "SerializationException");
        assertError(echo("[\"" + MARKER + "\"]"), 400, "SerializationException");
        Answer wrongType = assertError(echo("{\"UserPoolId\":{\"v\":\"" + MARKER + "\"}}"), 400,
                "SerializationException");
        assertThat(wrongType.body().path("message").asText()).contains("userPoolId");
        assertError(echo("{\"UserPoolId\":\"us-east-1_Abc123\",\"MaxResults\":\"60\"}"), 400,
                "SerializationException");
        assertError(call("AWSCognitoIdentityProviderService.TestEcho", "text/plain", "{}"), 400,
                "SerializationException");
    }

    @Test
    void missingTooLongAndIllFormedMembersAreInvalidParametersInAwsWording() throws Exception {
        Answer missing = assertError(echo("{}"), 400, "InvalidParameterException");
        assertThat(missing.body().path("message").asText()).isEqualTo("1 validation error detected: Value at "
                + "'userPoolId' failed to satisfy constraint: Member must not be null");
        Answer tooLong = assertError(echo("{\"UserPoolId\":\"us-east-1_" + "a".repeat(50) + MARKER + "\"}"), 400,
                "InvalidParameterException");
        assertThat(tooLong.body().path("message").asText()).contains("length less than or equal to 55");
        Answer pattern = assertError(echo("{\"UserPoolId\":\"" + MARKER + "\"}"), 400, "InvalidParameterException");
        assertThat(pattern.body().path("message").asText()).contains("regular expression pattern");
        assertError(echo("{\"UserPoolId\":\"us-east-1_Abc123\",\"MaxResults\":61}"), 400,
                "InvalidParameterException");
    }

    @Test
    void aBodyOverTheLimitIsRefusedInCognitosShape() throws Exception {
        assertError(echo("{\"UserPoolId\":\"" + "a".repeat(70_000) + "\"}"), 400, "InvalidParameterException");
    }

    @Test
    void aSignedOperationWithoutASignatureIsRefused() throws Exception {
        assertError(call("AWSCognitoIdentityProviderService.TestSignedWrite", "application/x-amz-json-1.1", "{}"),
                403, "MissingAuthenticationTokenException");
    }
}
