package com.authledger.user.api;

/** Who a user-level change was made by: an administrator, or the user (directly or through the host service). */
public enum Initiator { ADMIN, USER }
