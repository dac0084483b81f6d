package com.authledger.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;

/**
 * What both bearer filters (API keys, access tokens) do alike: a request without an Authorization header goes on
 * unauthenticated (and is refused later if its path needs a caller); with one, the subclass authenticates it or
 * answers the refusal, and the rest of the chain runs as the caller, for this request only (no cookie, no server
 * session).
 */
abstract class BearerAuthenticationFilter extends OncePerRequestFilter {

    /** Who the bearer is, and the authority the chain's rules know them by. */
    record Caller(Object principal, String authority) {
    }

    protected final ErrorResponses errors;

    BearerAuthenticationFilter(ErrorResponses errors) {
        this.errors = errors;
    }

    /** The caller the Authorization header names, or null once the refusal has been answered on {@code response}. */
    abstract Caller authenticate(String header, HttpServletRequest request, HttpServletResponse response)
            throws IOException;

    /** The credential of an {@code Authorization: Bearer <credential>} header, stripped; null for any other header. */
    static String bearer(String header) {
        return header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
    }

    @Override
    protected final void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        Caller caller = authenticate(header, request, response);
        if (caller == null) {
            return;
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(caller.principal(), null,
                List.of(new SimpleGrantedAuthority(caller.authority()))));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
