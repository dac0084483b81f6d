package com.authledger.user.api;

import com.authledger.shared.InvalidInput;

import java.util.regex.Pattern;

/** The shape of the six-digit codes the service sends. */
public final class Codes {

    private static final Pattern SIX_DIGITS = Pattern.compile("\\d{6}");

    private Codes() {
    }

    public static String requireSixDigits(String field, String code) {
        InvalidInput.require(field, code);
        if (!SIX_DIGITS.matcher(code).matches()) {
            throw new InvalidInput(field, "must be 6 digits");
        }
        return code;
    }
}
