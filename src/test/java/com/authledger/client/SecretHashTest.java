package com.authledger.client;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class SecretHashTest {

    private static final String SECRET = "1example23456789abcdefghijklmnopqrstuvwxyz0123456789"; // 51 characters
    private static final String CLIENT_ID = "7example23456789abcdefghij";

    /** The formula computed independently: Base64(HMAC-SHA256(key = secret, message = username + client id)). */
    private static String reference(String secret, String username, String clientId) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(
                mac.doFinal((username + clientId).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void computeFollowsTheFormula() throws Exception {
        assertThat(SecretHash.compute(SECRET, "alice", CLIENT_ID))
                .isEqualTo(reference(SECRET, "alice", CLIENT_ID))
                .hasSize(44);
    }

    @Test
    void knownVector() {
        // HMAC-SHA256 with key "key" over "The quick brown fox jumps over the lazy dog" (RFC 4231 style well-known
        // value f7bc83f4...d8), the message split as username + client id.
        String expected = Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(
                "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"));
        assertThat(SecretHash.compute("key", "The quick brown fox ", "jumps over the lazy dog")).isEqualTo(expected);
        assertThat(SecretHash.verify("key", "The quick brown fox ", "jumps over the lazy dog", expected)).isTrue();
    }

    @Test
    void verifyAcceptsOnlyTheRightHash() throws Exception {
        String hash = reference(SECRET, "alice", CLIENT_ID);
        assertThat(SecretHash.verify(SECRET, "alice", CLIENT_ID, hash)).isTrue();
        assertThat(SecretHash.verify(SECRET, "bob", CLIENT_ID, hash)).isFalse();
        assertThat(SecretHash.verify(SECRET, "alice", "otherclient", hash)).isFalse();
        assertThat(SecretHash.verify(SECRET.substring(1) + "x", "alice", CLIENT_ID, hash)).isFalse();
        assertThat(SecretHash.verify(SECRET, "alice", CLIENT_ID, hash.substring(1))).isFalse();
        assertThat(SecretHash.verify(SECRET, "alice", CLIENT_ID, "")).isFalse();
        assertThat(SecretHash.verify(SECRET, "alice", CLIENT_ID, null)).isFalse();
        assertThat(SecretHash.verify(null, "alice", CLIENT_ID, hash)).isFalse();
    }
}
