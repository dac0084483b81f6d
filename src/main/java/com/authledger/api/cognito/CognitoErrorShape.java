package com.authledger.api.cognito;

import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.web.ErrorShape;
import com.authledger.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.io.IOException;

/**
 * Cognito's error shape for the refusals the plumbing makes before {@link CognitoController} runs (a body over the
 * limit, say): a call of Cognito's protocol ({@code POST /}) is answered as the controller answers, with
 * {@code {"__type", "message"}}, {@code x-amzn-ErrorType} and {@code x-amzn-RequestId}. Ordered first, since the REST
 * API's shape answers every request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class CognitoErrorShape implements ErrorShape {

    @Override
    public boolean claims(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && "/".equals(request.getRequestURI());
    }

    @Override
    public void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail)
            throws IOException {
        CognitoError error = CognitoErrors.of(new AuthledgerException(code, detail));
        String requestId = RequestIdFilter.requestId(request);
        response.setStatus(error.status());
        response.setContentType(CognitoJson.CONTENT_TYPE);
        if (requestId != null) {
            response.setHeader(CognitoController.REQUEST_ID_HEADER, requestId);
        }
        response.setHeader(CognitoController.ERROR_TYPE_HEADER, error.type());
        response.getOutputStream().write(CognitoController.errorBody(error));
    }
}
