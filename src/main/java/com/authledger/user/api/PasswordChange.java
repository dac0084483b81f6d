package com.authledger.user.api;

/** Why a password changed. */
public enum PasswordChange { SET_BY_ADMIN, RESET_WITH_CODE, NEW_PASSWORD_REQUIRED, CHANGED_BY_USER }
