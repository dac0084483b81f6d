package com.authledger.signin;

import com.authledger.signin.api.IssuedTokens;
import com.authledger.signin.api.TokenRequest;

/**
 * Mints the ID and access tokens a sign-in grants. Sign-in decides what they say ({@link TokenRequest}); how they are
 * signed, and with which key, is the token side's, which implements this port.
 */
public interface TokenMinter {

    IssuedTokens issue(TokenRequest request);
}
