package com.authledger.api.rest;

import com.authledger.shared.ErrorCode;
import com.authledger.web.ErrorShape;
import com.authledger.web.RequestIdFilter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.io.IOException;

/**
 * RFC 7807 problem details with a stable {@code code}. The message names the field and the rule, never a submitted
 * value. Used by the exception handler and, as the REST API's {@link ErrorShape}, by the plumbing that answers before
 * any controller runs. Ordered last: every request that no other adapter claims is answered in this shape.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
public class Problems implements ErrorShape {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Problem(String type, String title, int status, String detail, String code, String requestId) {
    }

    private final ObjectMapper json;

    public Problems(ObjectMapper json) {
        this.json = json;
    }

    public static Problem problem(ErrorCode code, String detail, HttpServletRequest request) {
        return problem(code, detail, RequestIdFilter.requestId(request));
    }

    public static Problem problem(ErrorCode code, String detail, String requestId) {
        return new Problem("urn:authledger:problem:" + code.name(), code.name(), code.httpStatus(), detail,
                code.name(), requestId);
    }

    public static ResponseEntity<Problem> response(ErrorCode code, String detail, HttpServletRequest request) {
        return ResponseEntity.status(code.httpStatus()).contentType(PROBLEM_JSON)
                .body(problem(code, detail, request));
    }

    @Override
    public boolean claims(HttpServletRequest request) {
        return true;
    }

    @Override
    public void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail)
            throws IOException {
        response.setStatus(code.httpStatus());
        response.setContentType(PROBLEM_JSON.toString());
        json.writeValue(response.getOutputStream(), problem(code, detail, request));
    }
}
