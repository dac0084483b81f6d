package com.authledger.pool;

import com.authledger.shared.InvalidInput;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Cognito-shaped, unguessable pool ids: {@code <region>_<9 characters of [0-9A-Za-z]>}. */
public final class PoolId {

    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final Pattern SHAPE = Pattern.compile("[\\w-]+_[0-9a-zA-Z]+");
    private static final SecureRandom RANDOM = new SecureRandom();

    private PoolId() {
    }

    public static String generate(String region) {
        StringBuilder id = new StringBuilder(region.length() + 10).append(region).append('_');
        for (int i = 0; i < 9; i++) {
            id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }

    /** Cognito's UserPoolId rule: 1 to 55 characters matching {@code [\w-]+_[0-9a-zA-Z]+}. */
    public static String requireValid(String poolId) {
        InvalidInput.requireLength("poolId", poolId, 1, 55);
        return Text.requirePattern("poolId", poolId, SHAPE, "a pool id such as us-east-1_AbC123xyZ");
    }
}
