package com.authledger.security;

import com.authledger.api.rest.Problems;
import com.authledger.token.AccessTokens;
import com.authledger.token.InvalidToken;
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
 * Authenticates the self-service API ({@code /api/v1/me}) by {@code Authorization: Bearer <access token>}: header
 * only, for this request only (no cookie, no server session). A request without the header goes on unauthenticated
 * and is refused by the entry point; a header that is present but does not carry a good access token (an API key,
 * an ID token, another service's token, a revoked one) is refused here with 401 InvalidToken saying which check
 * failed.
 */
class AccessTokenAuthenticationFilter extends OncePerRequestFilter {

    static final String USER_ROLE = "USER";

    private final AccessTokens tokens;
    private final Problems problems;

    AccessTokenAuthenticationFilter(AccessTokens tokens, Problems problems) {
        this.tokens = tokens;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        UserPrincipal caller;
        try {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new InvalidToken("The Authorization header must be Bearer <access token>.");
            }
            AccessTokens.PoolToken token = tokens.verify(header.substring(7).strip());
            caller = new UserPrincipal(token.poolId(), token);
        } catch (InvalidToken refused) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            problems.write(request, response, refused.code(), refused.getMessage());
            return;
        }
        var authentication = UsernamePasswordAuthenticationToken.authenticated(caller, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + USER_ROLE)));
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
