package com.authledger.client.api;

import com.authledger.shared.InvalidInput;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** App client ids: 26 random lowercase letters and digits, like Cognito's. */
public final class AppClientId {

    public static final int LENGTH = 26;
    static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    /** Cognito's ClientId pattern: what a path may name (an id this service did not issue is simply not found). */
    private static final Pattern ACCEPTED = Pattern.compile("[\\w+]{1,128}");

    private AppClientId() {
    }

    public static String generate(SecureRandom random) {
        return randomString(random, LENGTH);
    }

    public static String requireValid(String clientId) {
        if (clientId == null || !ACCEPTED.matcher(clientId).matches()) {
            throw new InvalidInput("clientId", "must be 1 to 128 letters, digits, _ or +");
        }
        return clientId;
    }

    static String randomString(SecureRandom random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    /** A client secret: 51 random lowercase letters and digits (about 263 bits), like Cognito's. */
    public static String generateSecret(SecureRandom random) {
        return randomString(random, ClientSecret.LENGTH);
    }

    /** Where a client secret is sealed: the owner is the client id, the field this label. */
    public static final class ClientSecret {
        public static final int LENGTH = 51;
        public static final String FIELD = "clientSecret";

        private ClientSecret() {
        }
    }
}
