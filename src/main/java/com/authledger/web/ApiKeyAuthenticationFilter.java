package com.authledger.web;

import com.authledger.security.ApiKeyRegistry;
import com.authledger.security.ApiPrincipal;
import com.authledger.shared.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;

/**
 * Authenticates {@code Authorization: Bearer <api key>}. A request without the header goes on unauthenticated (and
 * is refused later if the path needs a key); a header that is present but wrong is refused here with 401.
 */
class ApiKeyAuthenticationFilter extends BearerAuthenticationFilter {

    static final String INVALID = "The API key is not valid.";
    private static final int MAX_KEY_LENGTH = 256;

    private final ApiKeyRegistry keys;

    ApiKeyAuthenticationFilter(ApiKeyRegistry keys, ErrorResponses errors) {
        super(errors);
        this.keys = keys;
    }

    @Override
    Caller authenticate(String header, HttpServletRequest request, HttpServletResponse response) throws IOException {
        String key = bearer(header);
        Optional<ApiPrincipal> principal = key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH
                ? Optional.empty() : keys.authenticate(key);
        if (principal.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer");
            errors.write(request, response, ErrorCode.Unauthenticated, INVALID);
            return null;
        }
        return new Caller(principal.get(), principal.get().role().authority());
    }
}
