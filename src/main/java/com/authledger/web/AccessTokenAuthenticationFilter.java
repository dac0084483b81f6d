package com.authledger.web;

import com.authledger.security.UserPrincipal;
import com.authledger.token.AccessTokens;
import com.authledger.token.InvalidToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Authenticates the self-service API ({@code /api/v1/me}) by {@code Authorization: Bearer <access token>}: header
 * only, for this request only (no cookie, no server session). A request without the header goes on unauthenticated
 * and is refused by the entry point; a header that is present but does not carry a good access token (an API key,
 * an ID token, another service's token, a revoked one) is refused here with 401 InvalidToken saying which check
 * failed.
 */
class AccessTokenAuthenticationFilter extends BearerAuthenticationFilter {

    static final String USER_ROLE = "USER";

    private final AccessTokens tokens;

    AccessTokenAuthenticationFilter(AccessTokens tokens, ErrorResponses errors) {
        super(errors);
        this.tokens = tokens;
    }

    @Override
    Caller authenticate(String header, HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            String bearer = bearer(header);
            if (bearer == null) {
                throw new InvalidToken("The Authorization header must be Bearer <access token>.");
            }
            AccessTokens.PoolToken token = tokens.verify(bearer);
            return new Caller(new UserPrincipal(token.poolId(), token), "ROLE_" + USER_ROLE);
        } catch (InvalidToken refused) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            errors.write(request, response, refused.code(), refused.getMessage());
            return null;
        }
    }
}
