package com.authledger.user.api;

/** How a code reached the user. */
public enum Channel { SMS, EMAIL }
