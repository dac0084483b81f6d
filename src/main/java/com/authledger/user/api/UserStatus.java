package com.authledger.user.api;

/** Cognito's user statuses. */
public enum UserStatus { UNCONFIRMED, CONFIRMED, FORCE_CHANGE_PASSWORD, RESET_REQUIRED }
