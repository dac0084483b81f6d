package com.authledger.api.cognito;

import com.authledger.infra.RequestMetadata;
import com.authledger.limits.RateLimits;
import com.authledger.security.ApiPrincipal;
import com.authledger.security.AwsError;
import com.authledger.security.Role;
import com.authledger.security.SigV4Verifier;
import com.authledger.shared.AuthledgerException;
import com.authledger.web.RequestBodyLimitFilter;
import com.authledger.web.RequestIdFilter;
import com.authledger.web.RequestMetadataResolver;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cognito's own JSON protocol: {@code POST /} with {@code X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>}
 * and an {@code application/x-amz-json-1.1} body, so an application written against Cognito switches by changing the
 * endpoint only. Signed operations are verified (AWS Signature Version 4) before anything is read from the body; every
 * answer carries {@code x-amzn-RequestId}, and every refusal Cognito's {@code {"__type", "message"}} shape with
 * {@code x-amzn-ErrorType}. Nothing escapes as a 500 except a failure of the service itself, which says nothing more.
 */
@Hidden
@RestController
public class CognitoController {

    static final String TARGET_HEADER = "X-Amz-Target";
    static final String TARGET_PREFIX = "AWSCognitoIdentityProviderService.";
    static final String REQUEST_ID_HEADER = "x-amzn-RequestId";
    static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";
    private static final Logger log = LoggerFactory.getLogger(CognitoController.class);

    private final Map<String, CognitoOperation> operations = new HashMap<>();
    private final SigV4Verifier signatures;
    private final RequestMetadataResolver metadata;
    private final RateLimits rateLimits;

    CognitoController(List<CognitoOperation.Group> groups, SigV4Verifier signatures,
                      RequestMetadataResolver metadata, RateLimits rateLimits) {
        for (CognitoOperation.Group group : groups) {
            for (CognitoOperation operation : group.operations()) {
                if (operations.putIfAbsent(operation.name(), operation) != null) {
                    throw new IllegalStateException("Two handlers for the Cognito operation " + operation.name());
                }
            }
        }
        this.signatures = signatures;
        this.metadata = metadata;
        this.rateLimits = rateLimits;
    }

    /** The names of the operations answered: docs/cognito-protocol.md lists them (CognitoOperationsDocumentedTest). */
    java.util.Set<String> operationNames() {
        return java.util.Collections.unmodifiableSet(operations.keySet());
    }

    @PostMapping(path = "/")
    ResponseEntity<byte[]> handle(HttpServletRequest request) {
        String requestId = RequestIdFilter.requestId(request);
        try {
            CognitoOperation operation = operation(request.getHeader(TARGET_HEADER));
            requireJsonContent(request.getContentType());
            byte[] body = readBody(request);
            ApiPrincipal principal = null;
            if (operation.access() != Access.UNSIGNED) {
                principal = signatures.verify(request, body);
                if (operation.access() == Access.ADMIN && principal.role() != Role.ADMIN) {
                    throw new CognitoError("AccessDeniedException", 400, "The access key's role ("
                            + principal.role().name().toLowerCase(java.util.Locale.ROOT)
                            + ") may not perform cognito-idp:" + operation.name() + ".");
                }
            }
            RequestMetadata origin = metadata.resolve(request, principal == null ? Call.PUBLIC_ACTOR
                    : principal.actor());
            if (operation.access() == Access.UNSIGNED) {
                // unsigned operations are the end user's own calls (from a browser or an app): their address is theirs
                origin = origin.onBehalfOf(null);
                rateLimits.requireOpen(origin.endUserIp());
            }
            Call call = new Call(operation.name(), principal, origin, request);
            Object output = operation.handler().handle(Input.parse(body), call);
            return ResponseEntity.ok()
                    .header(HttpHeaders.CONTENT_TYPE, CognitoJson.CONTENT_TYPE)
                    .header(REQUEST_ID_HEADER, requestId)
                    .body(CognitoJson.write(output == null ? Map.of() : output));
        } catch (AwsError refusal) {
            // Cognito's own refusals and failed signatures alike
            return error(refusal, requestId);
        } catch (AuthledgerException refusal) {
            return error(CognitoErrors.of(refusal), requestId);
        } catch (RuntimeException failure) {
            log.error("Cognito operation failed (request {})", requestId, failure);
            return error(CognitoError.internal(), requestId);
        }
    }

    static ResponseEntity<byte[]> error(AwsError error, String requestId) {
        return ResponseEntity.status(error.status())
                .header(HttpHeaders.CONTENT_TYPE, CognitoJson.CONTENT_TYPE)
                .header(REQUEST_ID_HEADER, requestId)
                .header(ERROR_TYPE_HEADER, error.type())
                .body(errorBody(error));
    }

    static byte[] errorBody(AwsError error) {
        Map<String, String> body = new java.util.LinkedHashMap<>();
        body.put("__type", error.type());
        body.put("message", error.getMessage());
        return CognitoJson.write(body);
    }

    private CognitoOperation operation(String target) {
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            throw CognitoError.unknownOperation();
        }
        CognitoOperation operation = operations.get(target.substring(TARGET_PREFIX.length()));
        if (operation == null) {
            throw CognitoError.unknownOperation();
        }
        return operation;
    }

    /** Cognito's clients send application/x-amz-json-1.1; plain application/json is accepted as well. */
    private static void requireJsonContent(String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        if (!type.equals(CognitoJson.CONTENT_TYPE) && !type.equals("application/json")) {
            throw CognitoError.serialization("The Content-Type must be " + CognitoJson.CONTENT_TYPE + ".");
        }
    }

    private static byte[] readBody(HttpServletRequest request) {
        try (InputStream in = request.getInputStream()) {
            return in.readAllBytes();
        } catch (RequestBodyLimitFilter.BodyTooLarge tooLarge) {
            throw CognitoError.invalidParameter("The request body is larger than "
                    + RequestBodyLimitFilter.MAX_BODY_BYTES + " bytes.");
        } catch (IOException unreadable) {
            throw CognitoError.serialization("The request body could not be read.");
        }
    }
}
