package com.authledger.user.api;

/** The steps of a sign-in that can fail: the password, and the second factor (a code, or a recovery code). */
public enum SignInStep { PASSWORD, MFA }
