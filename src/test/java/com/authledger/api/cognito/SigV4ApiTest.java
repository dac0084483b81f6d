package com.authledger.api.cognito;

import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signed operations over HTTP, called by the AWS SDK's own Cognito client: a test-only group answers a signed write
 * and a signed read with the caller's actor. An admin key may call both, an auditor key only the read; a missing,
 * stale, wrongly scoped, unknown or deleted key's or badly signed call is refused in Cognito's error shape.
 */
@IntegrationTest
@Import(SigV4ApiTest.SignedTestOperations.class)
class SigV4ApiTest {

    static final String WRITE = "AuthledgerTestSignedWrite";
    static final String READ = "AuthledgerTestSignedRead";

    /** Two signed operations that exist only in this test: they answer who called. */
    @TestConfiguration(proxyBeanMethods = false)
    static class SignedTestOperations {
        @Bean
        CognitoOperation.Group signedTestOperations() {
            return () -> List.of(
                    CognitoOperation.admin(WRITE, (input, call) -> Map.of("Actor", call.origin().actor())),
                    CognitoOperation.adminOrAuditor(READ, (input, call) -> Map.of("Actor", call.origin().actor())));
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @BeforeEach
    void now() {
        // the AWS SDK signs with the real time
        clock.set(Instant.now());
    }

    @Test
    void anAdminKeyCallsWritesAndReadsAndAnAuditorKeyOnlyReads() {
        JsonNode admin = createKey("admin");
        JsonNode auditor = createKey("auditor");

        try (CognitoIdentityProviderClient asAdmin = client(admin, WRITE, "us-east-1");
             CognitoIdentityProviderClient asAdminReading = client(admin, READ, "us-east-1");
             CognitoIdentityProviderClient asAuditor = client(auditor, WRITE, "us-east-1");
             CognitoIdentityProviderClient asAuditorReading = client(auditor, READ, "us-east-1")) {
            asAdmin.listUserPools(r -> r.maxResults(10));
            asAdminReading.listUserPools(r -> r.maxResults(10));
            asAuditorReading.listUserPools(r -> r.maxResults(10));
            assertRefused(() -> asAuditor.listUserPools(r -> r.maxResults(10)), "AccessDeniedException", 400);
        }
        // the actor the operations saw: the access key
        TestApi.Response raw = signedRaw(admin, WRITE);
        assertThat(raw.status()).as(raw.toString()).isEqualTo(200);
        assertThat(raw.json().path("Actor").asText()).isEqualTo("accesskey:" + admin.path("accessKeyId").asText());
    }

    @Test
    void aWrongSecretAWrongRegionAnUnknownOrDeletedKeyAreRefused() {
        JsonNode admin = createKey("admin");
        try (CognitoIdentityProviderClient wrongRegion = client(admin, WRITE, "eu-west-1");
             CognitoIdentityProviderClient wrongSecret = client(admin.path("accessKeyId").asText(),
                     "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", WRITE, "us-east-1");
             CognitoIdentityProviderClient unknown = client("ALAKAAAAAAAAAAAAAAAA",
                     admin.path("secretAccessKey").asText(), WRITE, "us-east-1");
             CognitoIdentityProviderClient good = client(admin, WRITE, "us-east-1")) {
            assertRefused(() -> wrongRegion.listUserPools(r -> r.maxResults(10)), "InvalidSignatureException", 400);
            assertRefused(() -> wrongSecret.listUserPools(r -> r.maxResults(10)), "InvalidSignatureException", 400);
            assertRefused(() -> unknown.listUserPools(r -> r.maxResults(10)), "UnrecognizedClientException", 400);
            good.listUserPools(r -> r.maxResults(10));

            assertThat(TestApi.admin(port).send("DELETE", "/api/v1/access-keys/"
                    + admin.path("accessKeyId").asText(), null, null).status()).isEqualTo(204);
            assertRefused(() -> good.listUserPools(r -> r.maxResults(10)), "UnrecognizedClientException", 400);
        }
    }

    @Test
    void anUnsignedOrStaleCallIsRefusedInCognitosShape() {
        TestApi.Response unsigned = TestApi.anonymous(port)
                .header("X-Amz-Target", CognitoController.TARGET_PREFIX + WRITE)
                .send("POST", "/", "{}", "application/x-amz-json-1.1");
        assertThat(unsigned.status()).isEqualTo(403);
        assertThat(unsigned.header("x-amzn-ErrorType")).isEqualTo("MissingAuthenticationTokenException");
        assertThat(unsigned.json().path("__type").asText()).isEqualTo("MissingAuthenticationTokenException");
        assertThat(unsigned.json().path("message").asText()).isEqualTo("Missing Authentication Token");

        JsonNode admin = createKey("admin");
        clock.advance(Duration.ofMinutes(10));
        TestApi.Response stale = signedRaw(admin, WRITE);
        assertThat(stale.status()).isEqualTo(400);
        assertThat(stale.header("x-amzn-ErrorType")).isEqualTo("InvalidSignatureException");
        assertThat(stale.json().path("message").asText()).startsWith("Signature expired: ")
                .doesNotContain(admin.path("secretAccessKey").asText());
        // the AWS SDKs correct their clock from the answer's Date header
        assertThat(stale.header("Date")).isNotBlank();
    }

    @Test
    void aSignedCallToAnUnknownOperationIsUnknown() {
        JsonNode admin = createKey("admin");
        TestApi.Response unknown = signedRaw(admin, "NoSuchOperation");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.header("x-amzn-ErrorType")).isEqualTo("UnknownOperationException");
    }

    private JsonNode createKey(String role) {
        TestApi.Response created = TestApi.admin(port).post("/api/v1/access-keys",
                "{\"role\":\"" + role + "\",\"description\":\"SigV4ApiTest\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private CognitoIdentityProviderClient client(JsonNode key, String operation, String region) {
        return client(key.path("accessKeyId").asText(), key.path("secretAccessKey").asText(), operation, region);
    }

    /** The AWS SDK's Cognito client, its ListUserPools call renamed (before signing) to a test operation. */
    private CognitoIdentityProviderClient client(String id, String secret, String operation, String region) {
        ExecutionInterceptor rename = new ExecutionInterceptor() {
            @Override
            public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
                                                    ExecutionAttributes attributes) {
                return context.httpRequest().toBuilder()
                        .putHeader("X-Amz-Target", CognitoController.TARGET_PREFIX + operation).build();
            }
        };
        return CognitoIdentityProviderClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret)))
                .overrideConfiguration(c -> c.addExecutionInterceptor(rename)
                        .retryStrategy(s -> s.maxAttempts(1)))
                .build();
    }

    /** A call signed now by the AWS SDK's signer, sent raw so that the answer is read as it is. */
    private TestApi.Response signedRaw(JsonNode key, String operation) {
        SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).protocol("http")
                .host("127.0.0.1").port(port).encodedPath("/")
                .putHeader("Content-Type", CognitoJson.CONTENT_TYPE)
                .putHeader("X-Amz-Target", CognitoController.TARGET_PREFIX + operation).build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(key.path("accessKeyId").asText(),
                        key.path("secretAccessKey").asText()))
                .request(unsigned)
                .payload(() -> new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)))
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "cognito-idp")
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(Instant.now(), ZoneOffset.UTC))).request();
        TestApi api = TestApi.anonymous(port);
        for (Map.Entry<String, List<String>> header : signed.headers().entrySet()) {
            // the HTTP client sends Host itself, the same value
            if (!header.getKey().equalsIgnoreCase("Host") && !header.getKey().equalsIgnoreCase("Content-Type")) {
                api = api.header(header.getKey(), header.getValue().get(0));
            }
        }
        return api.send("POST", "/", "{}", CognitoJson.CONTENT_TYPE);
    }

    private static void assertRefused(Runnable call, String type, int status) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CognitoIdentityProviderException.class, refused -> {
            assertThat(refused.awsErrorDetails().errorCode()).isEqualTo(type);
            assertThat(refused.statusCode()).isEqualTo(status);
        });
    }
}
