package com.authledger.security;

import com.authledger.token.AccessTokens.PoolToken;

/**
 * A signed-in user calling the self-service API with their access token: the pool and the token's claims. Its
 * {@code user:<sub>} is the actor recorded on the events it causes.
 */
public record UserPrincipal(String poolId, PoolToken token) {

    public String sub() {
        return token.sub();
    }

    public String actor() {
        return "user:" + token.sub();
    }
}
