package com.authledger.user.api;

import com.authledger.shared.InvalidInput;

import java.util.Locale;
import java.util.regex.Pattern;

/** The shapes of the codes the service hands out: six-digit codes, and recovery codes. */
public final class Codes {

    private static final Pattern SIX_DIGITS = Pattern.compile("\\d{6}");
    /** A recovery code once normalized: 12 base-32 characters. */
    private static final Pattern RECOVERY_CODE = Pattern.compile("[a-z2-7]{12}");

    private Codes() {
    }

    public static boolean isSixDigits(String code) {
        return code != null && SIX_DIGITS.matcher(code).matches();
    }

    /** Recovery codes are typed back by people: case, spaces and dashes do not matter. */
    public static String normalizeRecoveryCode(String code) {
        return code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
    }

    public static boolean isRecoveryCode(String code) {
        return code != null && RECOVERY_CODE.matcher(normalizeRecoveryCode(code)).matches();
    }

    public static String requireSixDigits(String field, String code) {
        InvalidInput.require(field, code);
        if (!SIX_DIGITS.matcher(code).matches()) {
            throw new InvalidInput(field, "must be 6 digits");
        }
        return code;
    }
}
