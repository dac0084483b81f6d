package com.authledger.signin;

import com.authledger.secrets.KeyedDerivation;
import com.authledger.shared.InvalidInput;
import com.authledger.user.password.Srp6a;
import org.springframework.stereotype.Component;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The server's side of USER_SRP_AUTH's PASSWORD_VERIFIER, apart from the arithmetic ({@link Srp6a}) and the stored
 * verifier (the User's): the shape of what the client sends (SRP_A, TIMESTAMP, PASSWORD_CLAIM_SIGNATURE), the
 * SECRET_BLOCK, the server ephemeral b and what a name that matches no user is answered with.
 *
 * <p>b is never stored: it is derived from the session id under a key kept outside the database, and the session
 * answers once. A name that matches no user gets a salt, a user id for SRP and a verifier derived the same way from
 * the keyed MAC of the name: stable per name, shaped like a user's, and matching no password.
 *
 * <p>SECRET_BLOCK is the session string itself (base64): a client that answers without the Session (as the official
 * one did when Cognito returned none for PASSWORD_VERIFIER) still names its session, and every check of the session
 * stays with the SignInSession.
 */
@Component
public class PasswordVerifiers {

    /** How far a TIMESTAMP may be from the server's clock, either way. */
    static final Duration TIMESTAMP_WINDOW = Duration.ofMinutes(5);
    /** Cognito's format, in English, day not padded: "Mon Jan 5 09:07:03 UTC 2026". */
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss 'UTC' yyyy",
            Locale.ENGLISH);
    /** 3072-bit numbers are at most 768 hex digits (770 with padding); a little room, no more. */
    static final int MAX_SRP_A_LENGTH = 1024;
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final String BLOCK_PREFIX = "authledger-srp-v1:";
    private static final int SALT_BYTES = 16;

    private static final String EPHEMERAL = "srp-server-ephemeral";
    private static final String UNKNOWN_SALT = "srp-unknown-name-salt";
    private static final String UNKNOWN_USER_ID = "srp-unknown-name-user-id";
    private static final String UNKNOWN_VERIFIER = "srp-unknown-name-verifier";

    /** What a name that matches no user is answered with, and checked against. */
    record UnknownName(String userIdForSrp, String saltHex, BigInteger verifier) {
        @Override
        public String toString() {
            return "UnknownName[redacted]";
        }
    }

    private final KeyedDerivation keys;

    public PasswordVerifiers(KeyedDerivation keys) {
        this.keys = keys;
    }

    String currentKeyId() {
        return keys.currentKeyId();
    }

    /** The session's server ephemeral b, the same every time it is derived again. */
    BigInteger ephemeral(String keyId, String sessionId) {
        return Srp6a.ephemeralOf(keys.derive(keyId, EPHEMERAL, sessionId));
    }

    UnknownName unknownName(String keyId, String poolId, String nameMac) {
        byte[] salt = Arrays.copyOf(keys.derive(keyId, UNKNOWN_SALT, poolId, nameMac), SALT_BYTES);
        ByteBuffer id = ByteBuffer.wrap(keys.derive(keyId, UNKNOWN_USER_ID, poolId, nameMac));
        long high = (id.getLong() & ~0xF000L) | 0x4000L;
        long low = (id.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        // a verifier nobody knows a password for: 384 keyed bytes reduced mod N cost what opening a stored one does
        byte[] wide = new byte[384];
        for (int block = 0; block < wide.length / 32; block++) {
            System.arraycopy(keys.derive(keyId, UNKNOWN_VERIFIER, poolId, nameMac, Integer.toString(block)), 0,
                    wide, block * 32, 32);
        }
        return new UnknownName(new UUID(high, low).toString(), Srp6a.padHex(new BigInteger(1, salt)),
                Srp6a.reduce(new BigInteger(1, wide)));
    }

    /** SRP_A: hex, not 0 mod N; refused as malformed input otherwise (nothing is recorded). */
    static BigInteger clientPublic(String hex) {
        InvalidInput.requireLength("SRP_A", hex, 1, MAX_SRP_A_LENGTH);
        if (!HEX.matcher(hex).matches()) {
            throw new InvalidInput("SRP_A", "must be a hexadecimal number");
        }
        BigInteger value = new BigInteger(hex, 16);
        if (Srp6a.isZeroModN(value)) {
            throw new InvalidInput("SRP_A", "must not be 0 modulo N");
        }
        return value;
    }

    static String secretBlock(String session) {
        return Base64.getEncoder().encodeToString((BLOCK_PREFIX + session).getBytes(StandardCharsets.US_ASCII));
    }

    /** The session string a SECRET_BLOCK carries, if it is one of ours. */
    static Optional<String> sessionOf(String secretBlock) {
        byte[] bytes = secretBlockBytes(secretBlock);
        String text = new String(bytes, StandardCharsets.US_ASCII);
        return text.startsWith(BLOCK_PREFIX) ? Optional.of(text.substring(BLOCK_PREFIX.length())) : Optional.empty();
    }

    /** PASSWORD_CLAIM_SECRET_BLOCK's bytes, as the client signed them. */
    static byte[] secretBlockBytes(String secretBlock) {
        InvalidInput.require("PASSWORD_CLAIM_SECRET_BLOCK", secretBlock);
        try {
            return Base64.getDecoder().decode(secretBlock);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("PASSWORD_CLAIM_SECRET_BLOCK", "must be the SECRET_BLOCK of the challenge");
        }
    }

    /** PASSWORD_CLAIM_SIGNATURE: base64 of an HMAC-SHA256. */
    static byte[] signature(String base64) {
        InvalidInput.require("PASSWORD_CLAIM_SIGNATURE", base64);
        try {
            byte[] signature = Base64.getDecoder().decode(base64);
            if (signature.length == 32) {
                return signature;
            }
        } catch (IllegalArgumentException malformed) {
            // answered below
        }
        throw new InvalidInput("PASSWORD_CLAIM_SIGNATURE", "must be a base64 HMAC-SHA256 (32 bytes)");
    }

    /** TIMESTAMP, as the client wrote (and signed) it: "EEE MMM d HH:mm:ss UTC yyyy". */
    static Instant timestamp(String text) {
        InvalidInput.requireLength("TIMESTAMP", text, 1, 64);
        try {
            return LocalDateTime.parse(text, TIMESTAMP).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new InvalidInput("TIMESTAMP", "must read like \"Mon Jan 5 09:07:03 UTC 2026\"");
        }
    }

    /** Whether the client's TIMESTAMP is within {@link #TIMESTAMP_WINDOW} of the server's clock. */
    static boolean isCurrent(Instant timestamp, Instant now) {
        return Duration.between(timestamp, now).abs().compareTo(TIMESTAMP_WINDOW) <= 0;
    }
}
