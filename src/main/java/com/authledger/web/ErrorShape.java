package com.authledger.web;

import com.authledger.shared.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * How one adapter words a refusal: the REST API as problem details, Cognito's protocol as {@code {"__type",
 * "message"}}. Each adapter registers its own as a bean, so that the plumbing (body limit, firewall, bearer filters)
 * can answer in the caller's protocol before any controller runs without knowing either adapter, and neither adapter
 * knows the other. {@link ErrorResponses} asks the shapes in their order and the first that claims the request answers.
 */
public interface ErrorShape {

    /** Whether {@code request} is a call of this adapter's protocol. */
    boolean claims(HttpServletRequest request);

    /** Answers {@code response} with the refusal, in this adapter's shape. */
    void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail)
            throws IOException;
}
