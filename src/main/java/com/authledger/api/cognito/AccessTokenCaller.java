package com.authledger.api.cognito;

import com.authledger.security.UserPrincipal;
import com.authledger.token.AccessTokens;
import com.authledger.token.InvalidToken;
import com.authledger.token.TokenVerifier;
import org.springframework.stereotype.Component;

import java.util.regex.Pattern;

/**
 * The user behind an operation's {@code AccessToken} member, checked by {@link AccessTokens} exactly as the
 * self-service API's bearer filter checks it (signature, the pool's issuer, {@code token_use}, expiry, and the token
 * family not revoked). A refusal is Cognito's NotAuthorizedException in Cognito's words; which check failed is not
 * told, beyond expiry and revocation, as Cognito tells no more.
 */
@Component
class AccessTokenCaller {

    static final String INVALID = "Invalid Access Token";
    static final String REVOKED = "Access Token has been revoked";
    static final String EXPIRED = "Access Token has expired";
    /** Cognito's TokenModelType. */
    static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9-_=.]+");

    private final AccessTokens tokens;

    AccessTokenCaller(AccessTokens tokens) {
        this.tokens = tokens;
    }

    /** The caller named by the input's {@code AccessToken}; a missing one is an InvalidParameterException. */
    UserPrincipal caller(Input input) {
        return verify(input.string("AccessToken", 1, Integer.MAX_VALUE, TOKEN));
    }

    UserPrincipal verify(String accessToken) {
        try {
            AccessTokens.PoolToken token = tokens.verify(accessToken);
            return new UserPrincipal(token.poolId(), token);
        } catch (InvalidToken refused) {
            String message = switch (refused.getMessage()) {
                case AccessTokens.REVOKED -> REVOKED;
                case TokenVerifier.EXPIRED -> EXPIRED;
                default -> INVALID;
            };
            throw CognitoError.notAuthorized(message);
        }
    }
}
