package com.authledger.api.rest;

import com.authledger.api.cognito.CognitoController;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.io.IOException;

/**
 * RFC 7807 problem details with a stable {@code code}. The message names the field and the rule, never a submitted
 * value. Used by the exception handler and by the filters that answer before any controller runs.
 */
@Component
public class Problems {

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

    public void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail)
            throws IOException {
        if (CognitoController.isCognitoCall(request)) {
            CognitoController.writeError(response, new AuthledgerException(code, detail),
                    RequestIdFilter.requestId(request));
            return;
        }
        response.setStatus(code.httpStatus());
        response.setContentType(PROBLEM_JSON.toString());
        json.writeValue(response.getOutputStream(), problem(code, detail, request));
    }
}
