package com.authledger.signin;

import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Session strings and refresh tokens: {@code <id>.<secret>}, where the id (128 random bits) names the sign-in and the
 * secret (256 random bits) proves the holder. Only the secret's SHA-256 is kept; a secret this long needs no slow
 * hash. Both parts are base64url, so the whole matches Cognito's token pattern {@code [A-Za-z0-9-_=.]+}.
 */
@Component
public class SessionSecrets {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** A presented session string or refresh token, split; {@link #parse} refuses anything not shaped like one. */
    public record Presented(String id, String secret) {
        @Override
        public String toString() {
            return "Presented[id=" + id + ", redacted]";
        }
    }

    private final SecureRandom random;

    public SessionSecrets(SecureRandom random) {
        this.random = random;
    }

    public String newId() {
        return encode(bytes(16));
    }

    public String newSecret() {
        return encode(bytes(32));
    }

    public static String join(String id, String secret) {
        return id + "." + secret;
    }

    public static Optional<Presented> parse(String presented) {
        if (presented == null || presented.length() != 22 + 1 + 43) {
            return Optional.empty();
        }
        String id = presented.substring(0, 22);
        String secret = presented.substring(23);
        if (presented.charAt(22) != '.' || !ID.matcher(id).matches() || !SECRET.matcher(secret).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Presented(id, secret));
    }

    public static String hash(String secret) {
        try {
            return encode(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code secret} hashes to {@code storedHash}, in constant time. */
    public static boolean matches(String storedHash, String secret) {
        return storedHash != null && MessageDigest.isEqual(storedHash.getBytes(StandardCharsets.US_ASCII),
                hash(secret).getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
