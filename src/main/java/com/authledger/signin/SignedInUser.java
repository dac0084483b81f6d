package com.authledger.signin;

import java.time.Instant;

/**
 * A user who presented a good access token: who they are, and when they signed in (which decides whether a change
 * needs a fresh second factor). The token side's verified token is one.
 */
public interface SignedInUser {

    String sub();

    Instant authTime();
}
