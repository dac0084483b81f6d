package com.authledger.client;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Cognito's SECRET_HASH: Base64(HMAC-SHA256(key = client secret, message = username + client id)), which a client
 * with a secret sends with each sign-in request to prove it holds the secret.
 */
public final class SecretHash {

    private SecretHash() {
    }

    public static String compute(String clientSecret, String username, String clientId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((username + clientId).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /**
     * Whether {@code presented} is the SECRET_HASH of this username and client. The comparison takes the same time
     * wherever the first difference lies (only a length difference returns early, and the expected length is public).
     */
    public static boolean verify(String clientSecret, String username, String clientId, String presented) {
        if (clientSecret == null || username == null || clientId == null || presented == null) {
            return false;
        }
        byte[] expected = compute(clientSecret, username, clientId).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
    }
}
