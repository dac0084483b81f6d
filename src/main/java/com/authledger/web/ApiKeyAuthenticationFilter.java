package com.authledger.web;

import com.authledger.security.ApiKeyRegistry;
import com.authledger.security.ApiPrincipal;
import com.authledger.shared.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Authenticates {@code Authorization: Bearer <api key>}. A request without the header goes on unauthenticated (and
 * is refused later if the path needs a key); a header that is present but wrong is refused here with 401.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String INVALID = "The API key is not valid.";
    private static final int MAX_KEY_LENGTH = 256;

    private final ApiKeyRegistry keys;
    private final ErrorResponses errors;

    ApiKeyAuthenticationFilter(ApiKeyRegistry keys, ErrorResponses errors) {
        this.keys = keys;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        String key = BearerAuthentication.bearer(header);
        Optional<ApiPrincipal> principal = key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH
                ? Optional.empty() : keys.authenticate(key);
        if (principal.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer");
            errors.write(request, response, ErrorCode.Unauthenticated, INVALID);
            return;
        }
        BearerAuthentication.continueAs(principal.get(), principal.get().role().authority(), chain, request,
                response);
    }
}
