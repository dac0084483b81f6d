package com.authledger.user.api;

/** How a contact value was verified: a code sent to it, the sign-up confirmation code, an admin's word, or the code of an SMS factor set up while signing in. */
public enum VerifiedThrough { CODE, SIGN_UP_CODE, ADMIN, SIGN_IN_CODE }
