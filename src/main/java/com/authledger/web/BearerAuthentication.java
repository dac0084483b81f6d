package com.authledger.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import java.io.IOException;
import java.util.List;

/** What both bearer filters (API keys, access tokens) do alike: read the bearer, and go on as the caller. */
final class BearerAuthentication {

    private BearerAuthentication() {
    }

    /** The credential of an {@code Authorization: Bearer <credential>} header, stripped; null for any other header. */
    static String bearer(String header) {
        return header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
    }

    /** Runs the rest of the chain with {@code caller} authenticated in {@code authority}, and forgets it after. */
    static void continueAs(Object caller, String authority, FilterChain chain, ServletRequest request,
                           ServletResponse response) throws IOException, ServletException {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(caller, null,
                List.of(new SimpleGrantedAuthority(authority))));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
