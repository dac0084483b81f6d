package com.authledger.token;

import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;

/** A token refused by {@link TokenVerifier}; the message says which check failed, never the token's content. */
public final class InvalidToken extends AuthledgerException {

    public InvalidToken(String message) {
        super(ErrorCode.InvalidToken, message);
    }
}
