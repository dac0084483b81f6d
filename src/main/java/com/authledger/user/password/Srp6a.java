package com.authledger.user.password;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * SRP-6a exactly as Cognito's official client (amazon-cognito-identity-js AuthenticationHelper) computes it, so that
 * a password is stored only as a salt and verifier that serve both password sign-in and USER_SRP_AUTH.
 *
 * <p>3072-bit group of RFC 5054, g = 2, H = SHA-256, k = H(padHex(N) | padHex(g)),
 * x = H(padHex(salt) | H(poolName | username | ":" | password)), v = g^x mod N, B = k·v + g^b mod N,
 * u = H(padHex(A) | padHex(B)), S = (A·v^u)^b mod N, key = HKDF-SHA256(ikm = padHex(S), salt = padHex(u),
 * info = "Caldera Derived Key")[0..16), signature = HMAC-SHA256(key, poolName | username | secretBlock | timestamp).
 * "a | b" concatenates hex strings (or, for the signature, bytes); padHex is the client's even-length two's-complement
 * hex, with a leading 00 when the top bit is set. Checked against vectors computed with the official client.
 */
public final class Srp6a {

    static final BigInteger N = new BigInteger(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
                    + "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
                    + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
                    + "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
                    + "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
                    + "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
                    + "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
                    + "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
            16);
    static final BigInteger G = BigInteger.TWO;
    static final BigInteger K = new BigInteger(hexHash(padHex(N) + padHex(G)), 16);
    private static final byte[] DERIVED_KEY_INFO = "Caldera Derived Key".getBytes(StandardCharsets.UTF_8);
    private static final int SALT_BYTES = 16;
    private static final int EPHEMERAL_BYTES = 32;

    private Srp6a() {
    }

    /** A password's stored form: the salt and the verifier, as padded hex. */
    public record Verifier(String saltHex, String verifierHex) {
    }

    public static Verifier newVerifier(String poolName, String username, String password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        String saltHex = padHex(new BigInteger(1, salt));
        return new Verifier(saltHex, padHex(verifier(poolName, username, password, saltHex)));
    }

    /** v = g^x mod N for the user's password; poolName is the part of the pool id after "_". */
    public static BigInteger verifier(String poolName, String username, String password, String saltHex) {
        String userPasswordHash = hexHash((poolName + username + ":" + password).getBytes(StandardCharsets.UTF_8));
        BigInteger x = new BigInteger(hexHash(padHex(new BigInteger(saltHex, 16)) + userPasswordHash), 16);
        return G.modPow(x, N);
    }

    /** A fresh server ephemeral b (256 bits, never zero mod N). */
    public static BigInteger newEphemeral(SecureRandom random) {
        BigInteger b;
        do {
            byte[] bytes = new byte[EPHEMERAL_BYTES];
            random.nextBytes(bytes);
            b = new BigInteger(1, bytes);
        } while (b.signum() == 0);
        return b;
    }

    /**
     * A server ephemeral b from 32 bytes that are already secret and uniform (a keyed derivation): as
     * {@link #newEphemeral}, never zero.
     */
    public static BigInteger ephemeralOf(byte[] secretBytes) {
        BigInteger b = new BigInteger(1, secretBytes);
        return b.signum() == 0 ? BigInteger.ONE : b;
    }

    /** {@code value} mod N. */
    public static BigInteger reduce(BigInteger value) {
        return value.mod(N);
    }

    /** Whether {@code value} is 0 mod N: such an SRP_A would make the shared secret known to whoever sent it. */
    public static boolean isZeroModN(BigInteger value) {
        return value.mod(N).signum() == 0;
    }

    /**
     * A PASSWORD_VERIFIER answer: the client's A, the server's b for this session, and what the client signed with
     * the key it derived from its password ({@code userIdForSrp} is the name it used in x and in the signature).
     */
    public record PasswordClaim(BigInteger clientPublic, BigInteger serverEphemeral, String poolName,
                                String userIdForSrp, byte[] secretBlock, String timestamp, byte[] signature) {
        @Override
        public String toString() {
            return "PasswordClaim[" + userIdForSrp + "@" + poolName + ", redacted]";
        }
    }

    /**
     * Whether the claim's signature is the one the holder of the password behind {@code verifier} computes: B is
     * recomputed from the verifier and b, the key derived, and the signatures compared in constant time. An A that is
     * 0 mod N, or a u of 0, never matches.
     */
    public static boolean claimMatches(PasswordClaim claim, BigInteger verifier) {
        BigInteger serverPublic = serverPublic(verifier, claim.serverEphemeral());
        byte[] key;
        try {
            key = sharedKey(claim.clientPublic(), serverPublic, verifier, claim.serverEphemeral());
        } catch (IllegalArgumentException unusable) {
            return false;
        }
        byte[] expected = claimSignature(key, claim.poolName(), claim.userIdForSrp(), claim.secretBlock(),
                claim.timestamp());
        return MessageDigest.isEqual(expected, claim.signature());
    }

    /** B = k·v + g^b mod N, sent to the client as SRP_B. */
    public static BigInteger serverPublic(BigInteger verifier, BigInteger b) {
        return K.multiply(verifier).add(G.modPow(b, N)).mod(N);
    }

    /**
     * The 16-byte key both sides derive. Refuses an A that is 0 mod N (which would make S known to an attacker) and
     * a u of 0.
     */
    public static byte[] sharedKey(BigInteger clientPublic, BigInteger serverPublic, BigInteger verifier,
                                   BigInteger b) {
        if (clientPublic.mod(N).signum() == 0) {
            throw new IllegalArgumentException("SRP_A must not be 0 mod N");
        }
        BigInteger u = scrambler(clientPublic, serverPublic);
        if (u.signum() == 0) {
            throw new IllegalArgumentException("u must not be 0");
        }
        BigInteger s = clientPublic.multiply(verifier.modPow(u, N)).modPow(b, N);
        return hkdf(HexFormat.of().parseHex(padHex(s)), HexFormat.of().parseHex(padHex(u)));
    }

    /** u = H(padHex(A) | padHex(B)). */
    static BigInteger scrambler(BigInteger clientPublic, BigInteger serverPublic) {
        return new BigInteger(hexHash(padHex(clientPublic) + padHex(serverPublic)), 16);
    }

    /** PASSWORD_CLAIM_SIGNATURE: HMAC-SHA256(key, poolName | username | secret block | timestamp). */
    public static byte[] claimSignature(byte[] key, String poolName, String username, byte[] secretBlock,
                                        String timestamp) {
        Mac mac = hmac(key);
        mac.update(poolName.getBytes(StandardCharsets.UTF_8));
        mac.update(username.getBytes(StandardCharsets.UTF_8));
        mac.update(secretBlock);
        return mac.doFinal(timestamp.getBytes(StandardCharsets.UTF_8));
    }

    /** HKDF-SHA256 (RFC 5869) for one 16-byte block, as the client derives it. */
    static byte[] hkdf(byte[] inputKeyMaterial, byte[] salt) {
        byte[] pseudoRandomKey = hmac(salt).doFinal(inputKeyMaterial);
        Mac expand = hmac(pseudoRandomKey);
        expand.update(DERIVED_KEY_INFO);
        byte[] block = expand.doFinal(new byte[]{1});
        return java.util.Arrays.copyOf(block, 16);
    }

    /** The client's padHex: even-length hex of a non-negative number, with 00 in front when the top bit is set. */
    public static String padHex(BigInteger value) {
        String hex = value.toString(16);
        if (hex.length() % 2 == 1) {
            return "0" + hex;
        }
        return "89abcdef".indexOf(hex.charAt(0)) >= 0 ? "00" + hex : hex;
    }

    private static String hexHash(String hex) {
        return hexHash(HexFormat.of().parseHex(hex));
    }

    private static String hexHash(byte[] bytes) {
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            return hash;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
