package com.authledger.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies the AWS Signature Version 4 of a Cognito protocol call (ADR 13): the {@code Authorization:
 * AWS4-HMAC-SHA256} header, scoped to {@code cognito-idp} in {@code authledger.region}, dated by {@code X-Amz-Date}
 * within {@link #MAX_SKEW} of the service's clock, by an access key of {@link AccessKeys}. The expected signature is
 * computed by the AWS SDK's own signer over exactly the headers the caller signed and the exact body, and compared in
 * constant time. Refusals are named and worded as AWS names them; none echoes a secret or the expected signature.
 * There is no replay protection within the skew window (as in AWS).
 */
@Component
public class SigV4Verifier {

    /** How far X-Amz-Date may be from the service's clock, either way, as in AWS. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);
    static final String SERVICE = "cognito-idp";
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String CONTENT_SHA256 = "x-amz-content-sha256";

    static final String MISMATCH = "The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    static final String INVALID_TOKEN = "The security token included in the request is invalid.";

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern SIGNED_HEADERS = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+(;[a-z0-9!#$%&'*+.^_`|~-]+)*");
    private static final Pattern SIGNATURE = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SCOPE_DATE = Pattern.compile("[0-9]{8}");
    private static final Pattern SIGNATURE_IN_HEADER = Pattern.compile("Signature=([0-9a-f]{64})");

    private final AccessKeys keys;
    private final Clock clock;
    private final String region;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    @SuppressWarnings("deprecation")
    private final Aws4Signer exactHeadersSigner = Aws4Signer.create();

    public SigV4Verifier(AccessKeys keys, Clock clock, @Value("${authledger.region}") String region) {
        this.keys = keys;
        this.clock = clock;
        this.region = region;
    }

    /**
     * @param body the exact bytes of the request body, hashed into the signature
     * @return the access key that signed the request
     * @throws SigV4Failure when the signature is missing, malformed, stale, by an unknown key or wrong
     */
    public ApiPrincipal verify(HttpServletRequest request, byte[] body) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || authorization.isBlank()) {
            throw new SigV4Failure("MissingAuthenticationTokenException", 403, "Missing Authentication Token");
        }
        Authorization auth = Authorization.parse(authorization.strip());
        if (request.getHeader("X-Amz-Security-Token") != null) {
            throw new SigV4Failure("UnrecognizedClientException", 400, INVALID_TOKEN + " Temporary credentials "
                    + "(X-Amz-Security-Token) are not supported: sign with an access key of authledger.");
        }
        if (!SERVICE.equals(auth.service())) {
            throw invalid("Credential should be scoped to correct service: '" + SERVICE + "'. ");
        }
        if (!region.equals(auth.region())) {
            throw invalid("Credential should be scoped to a valid region. ");
        }
        if (!"aws4_request".equals(auth.terminator())) {
            throw invalid("Credential should be scoped with a valid terminator: 'aws4_request'. ");
        }
        if (!auth.signedHeaders().contains("host")) {
            throw invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        if (!auth.signedHeaders().contains("x-amz-date")) {
            throw invalid("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
        }
        // the operation is named by this header alone: unsigned, a signed read could be replayed as a deletion
        if (!auth.signedHeaders().contains("x-amz-target")) {
            throw invalid("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.");
        }
        Instant signedAt = signedAt(request.getHeader("X-Amz-Date"));
        String amzDate = AMZ_DATE.format(signedAt);
        if (!amzDate.startsWith(auth.date())) {
            throw invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
                    + "HTTP: '" + auth.date() + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
        }
        requireFresh(signedAt, amzDate);
        AccessKeys.SigningKey key = keys.signingKey(auth.accessKeyId())
                .orElseThrow(() -> new SigV4Failure("UnrecognizedClientException", 400, INVALID_TOKEN));
        String expected = expectedSignature(request, body, auth, key, signedAt);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                auth.signature().getBytes(StandardCharsets.US_ASCII))) {
            throw invalid(MISMATCH);
        }
        return ApiPrincipal.accessKey(key.accessKeyId(), key.role());
    }

    /** AWS's wording, which the SDKs' clock-skew correction recognises (with the response's Date header). */
    private void requireFresh(Instant signedAt, String amzDate) {
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            throw invalid("Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " - 5 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw invalid("Signature not yet current: " + amzDate + " is still later than "
                    + AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " + 5 min.)");
        }
    }

    private static Instant signedAt(String amzDate) {
        if (amzDate == null) {
            throw incomplete("Authorization header requires existence of a 'X-Amz-Date' header.");
        }
        try {
            return Instant.from(AMZ_DATE.parse(amzDate.strip()));
        } catch (DateTimeParseException malformed) {
            throw incomplete("The X-Amz-Date header must be in the ISO-8601 basic format yyyyMMdd'T'HHmmss'Z'.");
        }
    }

    /**
     * The signature the AWS SDK computes for this request with the key's secret, over exactly the signed headers and
     * the body. AWS's own SDKs sign {@code x-amz-content-sha256} and are reproduced by {@link AwsV4HttpSigner};
     * other clients (the AWS CLI, for one) do not sign it, and the SDK's current signer always adds it, so those
     * are reproduced by the SDK's signer that signs exactly the headers given (ADR 13).
     */
    @SuppressWarnings("deprecation")
    private String expectedSignature(HttpServletRequest request, byte[] body, Authorization auth,
                                     AccessKeys.SigningKey key, Instant signedAt) {
        SdkHttpFullRequest.Builder canonical = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(request.getMethod()))
                .protocol(request.getScheme())
                .host(request.getServerName())
                .port(request.getServerPort())
                .encodedPath(request.getRequestURI());
        query(request.getQueryString()).forEach(canonical::putRawQueryParameter);
        for (String name : auth.signedHeaders()) {
            List<String> values = Collections.list(request.getHeaders(name));
            if (values.isEmpty()) {
                throw invalid(MISMATCH);
            }
            canonical.putHeader(name, values);
        }
        Clock signingClock = Clock.fixed(signedAt, ZoneOffset.UTC);
        String signed;
        if (auth.signedHeaders().contains(CONTENT_SHA256)) {
            SdkHttpRequest unsigned = canonical.build();
            SignedRequest result = signer.sign(r -> r
                    .identity(AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey()))
                    .request(unsigned)
                    .payload(() -> new ByteArrayInputStream(body))
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                    .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, signingClock));
            signed = result.request().firstMatchingHeader("Authorization").orElse("");
        } else {
            canonical.contentStreamProvider(() -> new ByteArrayInputStream(body));
            SdkHttpFullRequest result = exactHeadersSigner.sign(canonical.build(), Aws4SignerParams.builder()
                    .awsCredentials(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()))
                    .signingName(SERVICE)
                    .signingRegion(Region.of(region))
                    .signingClockOverride(signingClock)
                    .build());
            signed = result.firstMatchingHeader("Authorization").orElse("");
        }
        // the SDK signs the headers it was given, sorted; a caller's list in another order is not SigV4
        if (!signed.contains("SignedHeaders=" + String.join(";", auth.signedHeaders()) + ",")) {
            throw invalid(MISMATCH);
        }
        Matcher signature = SIGNATURE_IN_HEADER.matcher(signed);
        if (!signature.find()) {
            throw new IllegalStateException("The AWS SDK's signer produced no signature");
        }
        return signature.group(1);
    }

    private static Map<String, List<String>> query(String queryString) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (queryString == null || queryString.isEmpty()) {
            return parameters;
        }
        for (String pair : queryString.split("&")) {
            String[] nameValue = pair.split("=", 2);
            String name = URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8);
            String value = nameValue.length > 1 ? URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8) : "";
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static SigV4Failure invalid(String message) {
        return new SigV4Failure("InvalidSignatureException", 400, message);
    }

    private static SigV4Failure incomplete(String message) {
        return new SigV4Failure("IncompleteSignatureException", 400, message);
    }

    /** The parts of an {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}. */
    record Authorization(String accessKeyId, String date, String region, String service, String terminator,
                         List<String> signedHeaders, String signature) {

        static Authorization parse(String header) {
            if (!header.startsWith(ALGORITHM + " ")) {
                throw incomplete("Authorization header requires the algorithm " + ALGORITHM + ".");
            }
            Map<String, String> parts = new LinkedHashMap<>();
            for (String part : header.substring(ALGORITHM.length()).split(",")) {
                String[] nameValue = part.strip().split("=", 2);
                if (nameValue.length != 2 || parts.putIfAbsent(nameValue[0], nameValue[1].strip()) != null) {
                    throw incomplete("Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' "
                            + "parameters, each once, separated by commas.");
                }
            }
            List<String> missing = new ArrayList<>();
            for (String required : List.of("Credential", "Signature", "SignedHeaders")) {
                if (parts.get(required) == null || parts.get(required).isEmpty()) {
                    missing.add("Authorization header requires '" + required + "' parameter.");
                }
            }
            if (!missing.isEmpty() || parts.size() != 3) {
                throw incomplete(missing.isEmpty() ? "Authorization header takes only the parameters 'Credential', "
                        + "'SignedHeaders' and 'Signature'." : String.join(" ", missing));
            }
            String[] scope = parts.get("Credential").split("/", -1);
            if (scope.length != 5 || scope[0].isEmpty() || !SCOPE_DATE.matcher(scope[1]).matches()) {
                throw incomplete("Credential must have the form <access key id>/<yyyymmdd>/<region>/<service>/"
                        + "aws4_request.");
            }
            String signedHeaders = parts.get("SignedHeaders");
            if (!SIGNED_HEADERS.matcher(signedHeaders).matches()) {
                throw incomplete("SignedHeaders must be lower-case header names separated by ';'.");
            }
            String signature = parts.get("Signature");
            if (!SIGNATURE.matcher(signature).matches()) {
                throw incomplete("Signature must be 64 lower-case hexadecimal characters.");
            }
            return new Authorization(scope[0], scope[1], scope[2], scope[3], scope[4], List.of(signedHeaders.split(";")), signature);
        }
    }
}
