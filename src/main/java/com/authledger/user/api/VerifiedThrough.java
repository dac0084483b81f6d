package com.authledger.user.api;

/** How a contact value was verified: a code sent to it, the sign-up confirmation code, or an admin's word. */
public enum VerifiedThrough { CODE, SIGN_UP_CODE, ADMIN }
