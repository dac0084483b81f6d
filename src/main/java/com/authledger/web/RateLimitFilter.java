package com.authledger.web;

import com.authledger.limits.RateLimits;
import com.authledger.shared.LimitReached;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * The per-address rate limit ({@link RateLimits}) in front of the self-service API, before its access token is
 * checked, so that requests with bad tokens are counted too: past the limit, 429 TooManyRequests with Retry-After.
 * Cognito's unsigned operations are counted by their controller, which knows which operations are unsigned.
 */
class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimits limits;
    private final ClientAddressResolver addresses;
    private final ErrorResponses errors;

    RateLimitFilter(RateLimits limits, ClientAddressResolver addresses, ErrorResponses errors) {
        this.limits = limits;
        this.addresses = addresses;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            limits.requireOpen(addresses.clientAddress(request));
        } catch (LimitReached refused) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(refused.retryAfterSeconds()));
            errors.write(request, response, refused.code(), refused.getMessage());
            return;
        }
        chain.doFilter(request, response);
    }
}
