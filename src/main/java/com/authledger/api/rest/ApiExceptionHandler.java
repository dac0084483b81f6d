package com.authledger.api.rest;

import com.authledger.api.rest.Problems.Problem;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.LimitReached;
import com.authledger.shared.ErrorCode;
import com.authledger.web.RequestBodyLimitFilter;
import com.authledger.web.RequestIdFilter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Maps every failure onto a problem detail with a stable code. Messages are built from field paths and rules only:
 * Jackson's own messages quote the offending value, so they are never passed on.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(AuthledgerException.class)
    ResponseEntity<Problem> refused(AuthledgerException e, HttpServletRequest request) {
        return Problems.response(e.code(), e.getMessage(), request);
    }

    /** A spent budget or limit says when its window ends (RFC 9110's Retry-After, in seconds). */
    @ExceptionHandler(LimitReached.class)
    ResponseEntity<Problem> limited(LimitReached e, HttpServletRequest request) {
        return ResponseEntity.status(e.code().httpStatus()).contentType(Problems.PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(Problems.problem(e.code(), e.getMessage(), request));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Problem> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        Throwable cause = e.getCause();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof RequestBodyLimitFilter.BodyTooLarge) {
                return Problems.response(ErrorCode.PayloadTooLarge, t.getMessage(), request);
            }
            if (t instanceof AuthledgerException refusal) {
                return refused(refusal, request);
            }
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            // a number too large for its field is well-formed JSON with a wrong value: reported below, by its path
            if (t instanceof StreamReadException && !(t instanceof InputCoercionException)) {
                return Problems.response(ErrorCode.MalformedJson, "The request body is not well-formed JSON.",
                        request);
            }
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return Problems.response(ErrorCode.UnknownField,
                    "Unknown field " + path(unknown) + "; the accepted fields are documented at /v3/api-docs.",
                    request);
        }
        if (cause instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            String allowed = Arrays.stream(invalid.getTargetType().getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
            return Problems.response(ErrorCode.InvalidFieldValue,
                    "Field " + path(invalid) + " must be one of " + allowed + ".", request);
        }
        if (cause instanceof ValueInstantiationException || cause instanceof JsonMappingException mapping
                && !mapping.getPath().isEmpty()) {
            return Problems.response(ErrorCode.InvalidFieldValue,
                    "Field " + path((JsonMappingException) cause) + " has the wrong type or an invalid value.",
                    request);
        }
        if (cause instanceof JsonProcessingException) {
            return Problems.response(ErrorCode.MalformedJson, "The request body is not well-formed JSON.", request);
        }
        return Problems.response(ErrorCode.MalformedJson, "A JSON request body is required.", request);
    }

    /** A header the firewall refuses is only read, and so rejected, once a controller asks for it. */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<Problem> rejected(RequestRejectedException e, HttpServletRequest request) {
        return Problems.response(ErrorCode.InvalidParameter,
                "The request URL or a header holds characters this API does not accept.", request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Problem> wrongParameterType(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return Problems.response(ErrorCode.InvalidParameter,
                e.getName() + " has the wrong type" + (Number.class.isAssignableFrom(
                        e.getRequiredType() == null ? Object.class : e.getRequiredType()) ? ": it must be a whole number" : ""),
                request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Problem> missingParameter(MissingServletRequestParameterException e, HttpServletRequest request) {
        return Problems.response(ErrorCode.InvalidParameter, e.getParameterName() + " is required", request);
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<Problem> missingHeader(MissingRequestHeaderException e, HttpServletRequest request) {
        return Problems.response(ErrorCode.InvalidParameter, e.getHeaderName() + " is required", request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Problem> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return Problems.response(ErrorCode.UnsupportedMediaType,
                "The request body must be sent as application/json.", request);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Problem> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return Problems.response(ErrorCode.NotAcceptable, "This resource is available as application/json.",
                request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Problem> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return Problems.response(ErrorCode.MethodNotAllowed, "This resource does not support that method.",
                request);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Problem> noRoute(NoResourceFoundException e, HttpServletRequest request) {
        return Problems.response(ErrorCode.NotFound, "No resource at this path.", request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Problem> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected failure handling request {}", RequestIdFilter.requestId(request), e);
        return Problems.response(ErrorCode.InternalError,
                "An unexpected error occurred; the request id identifies it in the service's log.", request);
    }

    /** A field path such as smsMfa.message or verification.autoVerifiedAttributes[1], with names sanitised. */
    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(sanitise(reference.getFieldName()));
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "(body)" : "'" + path + "'";
    }

    private static String sanitise(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9_-]", "?");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) + "..." : cleaned;
    }
}
