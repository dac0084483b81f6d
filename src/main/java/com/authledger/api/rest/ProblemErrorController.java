package com.authledger.api.rest;

import com.authledger.api.rest.Problems.Problem;
import com.authledger.shared.ErrorCode;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (filters, the servlet container) arrive at /error. They are answered as problem
 * details too, and unlike Boot's default error body they never carry the request path, which holds what was sent.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<Problem> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        ErrorCode code = forStatus(status instanceof Integer s ? s : 500);
        return Problems.response(code, code == ErrorCode.InternalError
                ? "An unexpected error occurred; the request id identifies it in the service's log."
                : "The request was refused before it reached the API.", request);
    }

    static ErrorCode forStatus(int status) {
        return switch (status) {
            case 400 -> ErrorCode.InvalidParameter;
            case 401 -> ErrorCode.Unauthenticated;
            case 403 -> ErrorCode.Forbidden;
            case 404 -> ErrorCode.NotFound;
            case 405 -> ErrorCode.MethodNotAllowed;
            case 406 -> ErrorCode.NotAcceptable;
            case 408 -> ErrorCode.RequestTimeout;
            case 413 -> ErrorCode.PayloadTooLarge;
            case 414 -> ErrorCode.UriTooLong;
            case 415 -> ErrorCode.UnsupportedMediaType;
            case 429 -> ErrorCode.TooManyRequests;
            case 431 -> ErrorCode.HeadersTooLarge;
            case 503 -> ErrorCode.ServiceUnavailable;
            default -> status >= 400 && status < 500 ? ErrorCode.InvalidParameter : ErrorCode.InternalError;
        };
    }
}
