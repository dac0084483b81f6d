package com.authledger.security;

import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The verifier against requests signed by the AWS SDK's signer (as the AWS SDKs sign, x-amz-content-sha256 included)
 * and by an independent SigV4 written here (as the AWS CLI signs, without it): good signatures pass, every other case
 * is refused with AWS's error type and wording, never echoing a secret or the expected signature.
 */
@IntegrationTest
class SigV4VerifierTest {

    private static final String BODY = "{\"UserPoolId\":\"us-east-1_abc\"}";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    @Autowired
    SigV4Verifier verifier;

    @Autowired
    AccessKeys keys;

    @Autowired
    MutableClock clock;

    AccessKeys.CreatedKey admin;

    @BeforeEach
    void key() {
        clock.set(Instant.parse("2026-03-01T09:00:00Z"));
        admin = keys.create(Role.ADMIN, "verifier test", "apikey:test-admin");
    }

    @Test
    void aRequestSignedByTheAwsSdksSignerIsTheKeys() {
        ApiPrincipal principal = verifier.verify(sdkSigned(admin.accessKeyId(), admin.secretAccessKey(),
                "us-east-1", "cognito-idp", clock.instant(), BODY), bytes(BODY));

        assertThat(principal.role()).isEqualTo(Role.ADMIN);
        assertThat(principal.name()).isEqualTo(admin.accessKeyId());
        assertThat(principal.actor()).isEqualTo("accesskey:" + admin.accessKeyId());
    }

    @Test
    void aRequestSignedWithoutThePayloadHeaderAsTheAwsCliSignsIsTheKeysToo() {
        AccessKeys.CreatedKey auditor = keys.create(Role.AUDITOR, null, "apikey:test-admin");
        MockHttpServletRequest request = handSigned(auditor.accessKeyId(), auditor.secretAccessKey(),
                clock.instant(), BODY);

        assertThat(request.getHeader("Authorization")).contains("SignedHeaders=content-type;host;x-amz-date;"
                + "x-amz-target,");
        assertThat(verifier.verify(request, bytes(BODY)).role()).isEqualTo(Role.AUDITOR);
        // the body is signed in this form as well
        assertRefused(request, "{}", "InvalidSignatureException", 400, SigV4Verifier.MISMATCH);
    }

    @Test
    void noAuthorizationIsAMissingToken() {
        MockHttpServletRequest request = sdkSigned(admin.accessKeyId(), admin.secretAccessKey(), "us-east-1",
                "cognito-idp", clock.instant(), BODY);
        request.removeHeader("Authorization");

        assertRefused(request, BODY, "MissingAuthenticationTokenException", 403, "Missing Authentication Token");
    }

    @Test
    void aMalformedAuthorizationIsAnIncompleteSignature() {
        for (String malformed : List.of("Bearer abc", "AWS4-HMAC-SHA256 Credential=x",
                "AWS4-HMAC-SHA256 Credential=" + admin.accessKeyId() + "/20260301/us-east-1/cognito-idp/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, Signature=xyz",
                "AWS4-HMAC-SHA256 Credential=" + admin.accessKeyId() + "/2026/us-east-1/cognito-idp/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64))) {
            MockHttpServletRequest request = sdkSigned(admin.accessKeyId(), admin.secretAccessKey(), "us-east-1",
                    "cognito-idp", clock.instant(), BODY);
            request.removeHeader("Authorization");
            request.addHeader("Authorization", malformed);
            assertThatThrownBy(() -> verifier.verify(request, bytes(BODY))).as(malformed)
                    .isInstanceOfSatisfying(SigV4Failure.class, failure -> {
                        assertThat(failure.type()).isEqualTo("IncompleteSignatureException");
                        assertThat(failure.status()).isEqualTo(400);
                    });
        }
    }

    @Test
    void anUnknownOrDeletedKeyIsUnrecognized() {
        String message = "The security token included in the request is invalid.";
        assertRefused(sdkSigned("ALAKAAAAAAAAAAAAAAAA", admin.secretAccessKey(), "us-east-1", "cognito-idp",
                clock.instant(), BODY), BODY, "UnrecognizedClientException", 400, message);
        assertRefused(sdkSigned("AKIDEXAMPLE", "secret", "us-east-1", "cognito-idp", clock.instant(), BODY), BODY,
                "UnrecognizedClientException", 400, message);

        MockHttpServletRequest signed = sdkSigned(admin.accessKeyId(), admin.secretAccessKey(), "us-east-1",
                "cognito-idp", clock.instant(), BODY);
        verifier.verify(signed, bytes(BODY));
        assertThat(keys.delete(admin.accessKeyId(), "apikey:test-admin")).isTrue();
        assertRefused(signed, BODY, "UnrecognizedClientException", 400, message);
        assertThat(keys.signingKey(admin.accessKeyId())).isEmpty();
    }

    @Test
    void aWrongSecretOrATamperedBodyOrHeaderIsAnInvalidSignature() {
        assertRefused(sdkSigned(admin.accessKeyId(), "not-the-secret", "us-east-1", "cognito-idp",
                clock.instant(), BODY), BODY, "InvalidSignatureException", 400, SigV4Verifier.MISMATCH);
        MockHttpServletRequest signed = sdkSigned(admin.accessKeyId(), admin.secretAccessKey(), "us-east-1",
                "cognito-idp", clock.instant(), BODY);
        assertRefused(signed, "{\"UserPoolId\":\"us-east-1_xyz\"}", "InvalidSignatureException", 400,
                SigV4Verifier.MISMATCH);
        signed.removeHeader("X-Amz-Target");
        signed.addHeader("X-Amz-Target", "AWSCognitoIdentityProviderService.AdminDeleteUser");
        assertRefused(signed, BODY, "InvalidSignatureException", 400, SigV4Verifier.MISMATCH);
    }

    @Test
    void aSignatureOlderOrNewerThanFiveMinutesIsExpiredInAwsWording() {
        Instant now = clock.instant();
        verifier.verify(sdkSigned(admin.accessKeyId(), admin.secretAccessKey(), "us-east-1", "cognito-idp",
                now.minus(Duration.ofMinutes(5)), BODY), bytes(BODY));

        assertRefused(sdkSigned(admin.accessKeyId(), admin.secretAccessKey(), "us-east-1", "cognito-idp",
                now.minus(Duration.ofMinutes(6)), BODY), BODY, "InvalidSignatureException", 400,
                "Signature expired: 20260301T085400Z is now earlier than 20260301T085500Z (20260301T090000Z - 5 min.)");
        assertRefused(sdkSigned(admin.accessKeyId(), admin.secretAccessKey(), "us-east-1", "cognito-idp",
                now.plus(Duration.ofMinutes(6)), BODY), BODY, "InvalidSignatureException", 400,
                "Signature not yet current: 20260301T090600Z is still later than 20260301T090500Z "
                        + "(20260301T090000Z + 5 min.)");
    }

    @Test
    void aCredentialScopedToAnotherServiceOrRegionIsRefused() {
        assertRefused(sdkSigned(admin.accessKeyId(), admin.secretAccessKey(), "eu-west-1", "cognito-idp",
                clock.instant(), BODY), BODY, "InvalidSignatureException", 400,
                "Credential should be scoped to a valid region. ");
        assertRefused(sdkSigned(admin.accessKeyId(), admin.secretAccessKey(), "us-east-1", "dynamodb",
                clock.instant(), BODY), BODY, "InvalidSignatureException", 400,
                "Credential should be scoped to correct service: 'cognito-idp'. ");
    }

    @Test
    void theScopeDateMustBeTheDatesDayAndHostDateAndTargetMustBeSigned() {
        MockHttpServletRequest request = sdkSigned(admin.accessKeyId(), admin.secretAccessKey(), "us-east-1",
                "cognito-idp", clock.instant(), BODY);
        String authorization = request.getHeader("Authorization");
        request.removeHeader("Authorization");
        request.addHeader("Authorization", authorization.replace("/20260301/", "/20260228/"));
        assertThatThrownBy(() -> verifier.verify(request, bytes(BODY))).isInstanceOfSatisfying(SigV4Failure.class,
                failure -> assertThat(failure.getMessage()).startsWith("Date in Credential scope does not match"));

        request.removeHeader("Authorization");
        request.addHeader("Authorization", authorization.replace("SignedHeaders=content-type;host;",
                "SignedHeaders=content-type;"));
        assertRefused(request, BODY, "InvalidSignatureException", 400,
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");

        // a signature that leaves the operation out could be replayed as another operation with the same body
        request.removeHeader("Authorization");
        request.addHeader("Authorization", authorization.replace(";x-amz-target", ""));
        assertRefused(request, BODY, "InvalidSignatureException", 400,
                "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.");
    }

    @Test
    void temporaryCredentialsAreNotSupported() {
        MockHttpServletRequest request = sdkSigned(admin.accessKeyId(), admin.secretAccessKey(), "us-east-1",
                "cognito-idp", clock.instant(), BODY);
        request.addHeader("X-Amz-Security-Token", "FQoGZXIvYXdzEXAMPLE");

        assertThatThrownBy(() -> verifier.verify(request, bytes(BODY))).isInstanceOfSatisfying(SigV4Failure.class,
                failure -> {
                    assertThat(failure.type()).isEqualTo("UnrecognizedClientException");
                    assertThat(failure.getMessage()).startsWith("The security token included in the request is "
                            + "invalid.").contains("X-Amz-Security-Token");
                });
    }

    private void assertRefused(MockHttpServletRequest request, String body, String type, int status,
                               String message) {
        assertThatThrownBy(() -> verifier.verify(request, bytes(body))).isInstanceOfSatisfying(SigV4Failure.class,
                failure -> {
                    assertThat(failure.type()).isEqualTo(type);
                    assertThat(failure.status()).isEqualTo(status);
                    assertThat(failure.getMessage()).isEqualTo(message)
                            .doesNotContain(admin.secretAccessKey());
                });
    }

    /** A request signed by the AWS SDK's signer, as the SDKs sign (x-amz-content-sha256 among the headers). */
    static MockHttpServletRequest sdkSigned(String id, String secret, String region, String service,
                                            Instant at, String body) {
        SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).protocol("http")
                .host("localhost").encodedPath("/")
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "AWSCognitoIdentityProviderService.DescribeUserPool").build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(id, secret))
                .request(unsigned)
                .payload(() -> new ByteArrayInputStream(bytes(body)))
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/");
        signed.request().forEachHeader((name, values) -> values.forEach(value -> request.addHeader(name, value)));
        request.setContent(bytes(body));
        return request;
    }

    /**
     * A request signed by SigV4 as written out in AWS's documentation, here and not by the SDK, over the headers the
     * AWS CLI signs for a JSON protocol call (no x-amz-content-sha256).
     */
    static MockHttpServletRequest handSigned(String id, String secret, Instant at, String body) {
        String amzDate = AMZ_DATE.format(at);
        String day = amzDate.substring(0, 8);
        Map<String, String> headers = new TreeMap<>(Map.of("content-type", "application/x-amz-json-1.1",
                "host", "localhost", "x-amz-date", amzDate,
                "x-amz-target", "AWSCognitoIdentityProviderService.ListUserPools"));
        StringBuilder canonicalHeaders = new StringBuilder();
        headers.forEach((name, value) -> canonicalHeaders.append(name).append(':').append(value).append('\n'));
        String signedHeaders = String.join(";", headers.keySet());
        String canonicalRequest = "POST\n/\n\n" + canonicalHeaders + "\n" + signedHeaders + "\n" + sha256Hex(body);
        String scope = day + "/us-east-1/cognito-idp/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest);
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, "us-east-1");
        key = hmac(key, "cognito-idp");
        key = hmac(key, "aws4_request");
        String signature = HexFormat.of().formatHex(hmac(key, stringToSign));

        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/");
        headers.forEach(request::addHeader);
        request.addHeader("Authorization", "AWS4-HMAC-SHA256 Credential=" + id + "/" + scope + ", SignedHeaders="
                + signedHeaders + ", Signature=" + signature);
        request.setContent(bytes(body));
        return request;
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(text)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(bytes(data));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
