package com.authledger.user.factor;

import com.warrenstrange.googleauth.GoogleAuthenticator;
import com.warrenstrange.googleauth.GoogleAuthenticatorConfig;
import com.warrenstrange.googleauth.HmacHashFunction;
import com.warrenstrange.googleauth.KeyRepresentation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * TOTP as RFC 6238 and the authenticator apps do it: SHA-1, 6 digits, 30-second steps, 160-bit base32 secrets,
 * accepted one step either side. Built on googleauth, around its three pitfalls: its otpauth helper links to a
 * third-party QR service carrying the secret (the URI is built here instead), its int-based check loses leading
 * zeros (codes must match {@code ^\d{6}$} first), and it does not say which step matched (this does, so that a code
 * accepted once is never accepted again).
 */
public final class Totp {

    public static final int DIGITS = 6;
    public static final long STEP_SECONDS = 30;
    private static final Pattern CODE = Pattern.compile("\\d{6}");

    private final GoogleAuthenticator authenticator = new GoogleAuthenticator(
            new GoogleAuthenticatorConfig.GoogleAuthenticatorConfigBuilder()
                    .setCodeDigits(DIGITS)
                    .setTimeStepSizeInMillis(TimeUnit.SECONDS.toMillis(STEP_SECONDS))
                    .setWindowSize(3)
                    .setHmacHashFunction(HmacHashFunction.HmacSHA1)
                    .setKeyRepresentation(KeyRepresentation.BASE32)
                    .setSecretBits(160)
                    .setNumberOfScratchCodes(0)
                    .build());

    /** A new 160-bit secret, base32. */
    public String newSecret() {
        return authenticator.createCredentials().getKey();
    }

    /** {@code otpauth://totp/<issuer>:<account>?secret=...&issuer=...}, built locally: the secret never leaves. */
    public static String otpauthUri(String issuer, String account, String secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
    }

    /**
     * The time step whose code {@code code} is, within one step of {@code now}, or empty. A code that is not
     * exactly six digits is never compared.
     */
    public OptionalLong matchedStep(String secret, String code, Instant now) {
        if (code == null || !CODE.matcher(code).matches()) {
            return OptionalLong.empty();
        }
        long current = step(now);
        long matched = -1;
        for (long step = current - 1; step <= current + 1; step++) {
            String expected = codeAt(secret, step);
            if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    code.getBytes(StandardCharsets.US_ASCII))) {
                matched = step;
            }
        }
        return matched < 0 ? OptionalLong.empty() : OptionalLong.of(matched);
    }

    /** The code of a time step, zero-padded. */
    public String codeAt(String secret, long step) {
        int code = authenticator.getTotpPassword(secret, TimeUnit.SECONDS.toMillis(step * STEP_SECONDS));
        return String.format(Locale.ROOT, "%06d", code);
    }

    public static long step(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), STEP_SECONDS);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
