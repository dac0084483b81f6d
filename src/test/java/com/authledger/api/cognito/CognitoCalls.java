package com.authledger.api.cognito;

import com.authledger.security.ApiPrincipal;
import com.authledger.security.Role;
import com.authledger.security.SigV4Failure;
import com.authledger.security.SigV4Verifier;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls of Cognito's protocol in tests: {@code POST /} with the operation's target, signed (in appearance) by an
 * access key. {@link TestSignatures} stands in for SigV4 verification, which is built elsewhere: it trusts the
 * access key id named in the Authorization header ({@link #ADMIN_KEY} admin, {@link #AUDITOR_KEY} auditor) and
 * refuses a call without one, as the real verifier would.
 */
final class CognitoCalls {

    static final String ADMIN_KEY = "ALAKTEST";
    static final String AUDITOR_KEY = "ALAKAUDITOR";

    private final int port;
    private final String accessKey;

    private CognitoCalls(int port, String accessKey) {
        this.port = port;
        this.accessKey = accessKey;
    }

    static CognitoCalls admin(int port) {
        return new CognitoCalls(port, ADMIN_KEY);
    }

    static CognitoCalls auditor(int port) {
        return new CognitoCalls(port, AUDITOR_KEY);
    }

    static CognitoCalls unsigned(int port) {
        return new CognitoCalls(port, null);
    }

    TestApi.Response call(String operation, String body) {
        TestApi api = TestApi.anonymous(port).header("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation);
        if (accessKey != null) {
            api = api.header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey
                    + "/20261128/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, "
                    + "Signature=0000000000000000000000000000000000000000000000000000000000000000");
        }
        return api.send("POST", "/", body, "application/x-amz-json-1.1");
    }

    /** An unsigned call by the end user at {@code ip}, as the tests' trusted proxy forwards it. */
    static TestApi.Response unsignedFrom(int port, String ip, String operation, java.util.Map<String, ?> input) {
        try {
            return TestApi.anonymous(port).header("X-Forwarded-For", ip)
                    .header("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation)
                    .send("POST", "/", new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(input),
                            "application/x-amz-json-1.1");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The call succeeded (200); its output. */
    JsonNode ok(String operation, String body) {
        TestApi.Response response = call(operation, body);
        assertThat(response.status()).as(operation + ": " + response).isEqualTo(200);
        assertThat(response.header("x-amzn-RequestId")).isNotBlank();
        return response.json();
    }

    /** The call was refused with this status and Cognito exception; answers the message. */
    static String assertError(TestApi.Response response, int status, String type) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("x-amzn-ErrorType")).as(response.toString()).isEqualTo(type);
        JsonNode body = response.json();
        assertThat(body.path("__type").asText()).as(response.toString()).isEqualTo(type);
        String message = body.path("message").asText();
        assertThat(message).as(response.toString()).isNotBlank();
        return message;
    }

    /** Stands in for SigV4 verification: trusts the access key id of the Authorization header. */
    static final class TestSignatures extends SigV4Verifier {
        TestSignatures() {
            super(null, null, "us-east-1");
        }

        @Override
        public ApiPrincipal verify(HttpServletRequest request, byte[] body) {
            String authorization = request.getHeader("Authorization");
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=")) {
                throw new SigV4Failure("MissingAuthenticationTokenException", 403, "Missing Authentication Token");
            }
            String keyId = authorization.substring("AWS4-HMAC-SHA256 Credential=".length()).split("/", 2)[0];
            return ApiPrincipal.accessKey(keyId, keyId.equals(AUDITOR_KEY) ? Role.AUDITOR : Role.ADMIN);
        }
    }
}
