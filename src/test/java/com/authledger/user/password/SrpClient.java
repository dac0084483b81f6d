package com.authledger.user.password;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The client's side of USER_SRP_AUTH as the official JavaScript client computes it (AuthenticationHelper and
 * CognitoUser.authenticateUserDefaultAuth), for tests: A = g^a, then from the PASSWORD_VERIFIER challenge
 * x = H(padHex(salt) | H(poolName | USER_ID_FOR_SRP | ":" | password)), S = (B - k·g^x)^(a + u·x), the HKDF key, and
 * the claim signed over poolName | USER_ID_FOR_SRP | SECRET_BLOCK | TIMESTAMP.
 */
public final class SrpClient {

    public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss 'UTC' yyyy",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final String poolName;
    private final BigInteger a;
    private final BigInteger clientPublic;

    public SrpClient(String poolId) {
        this(poolId, new BigInteger(1, randomBytes(128)));
    }

    SrpClient(String poolId, BigInteger a) {
        this.poolName = poolId.substring(poolId.indexOf('_') + 1);
        this.a = a;
        this.clientPublic = Srp6a.G.modPow(a, Srp6a.N);
    }

    /** SRP_A as the official client sends it: plain hex, no padding. */
    public String srpA() {
        return clientPublic.toString(16);
    }

    /** The key the client derives from its password and the challenge's SALT, SRP_B and USER_ID_FOR_SRP. */
    public byte[] key(String userIdForSrp, String password, String saltHex, String serverPublicHex) {
        BigInteger serverPublic = new BigInteger(serverPublicHex, 16);
        BigInteger u = Srp6a.scrambler(clientPublic, serverPublic);
        String userPasswordHash = hexHash((poolName + userIdForSrp + ":" + password).getBytes(StandardCharsets.UTF_8));
        BigInteger x = new BigInteger(hexHash(HexFormat.of().parseHex(
                Srp6a.padHex(new BigInteger(saltHex, 16)) + userPasswordHash)), 16);
        BigInteger base = serverPublic.subtract(Srp6a.K.multiply(Srp6a.G.modPow(x, Srp6a.N))).mod(Srp6a.N);
        BigInteger s = base.modPow(a.add(u.multiply(x)), Srp6a.N);
        return Srp6a.hkdf(HexFormat.of().parseHex(Srp6a.padHex(s)), HexFormat.of().parseHex(Srp6a.padHex(u)));
    }

    /**
     * The ChallengeResponses of PASSWORD_VERIFIER for this password at {@code now}: USERNAME is USER_ID_FOR_SRP, as
     * the official client sends it.
     */
    public Map<String, String> answer(Map<String, String> challengeParameters, String password, Instant now) {
        String userIdForSrp = challengeParameters.get("USER_ID_FOR_SRP");
        byte[] key = key(userIdForSrp, password, challengeParameters.get("SALT"), challengeParameters.get("SRP_B"));
        String secretBlock = challengeParameters.get("SECRET_BLOCK");
        String timestamp = TIMESTAMP.format(now);
        byte[] signature = Srp6a.claimSignature(key, poolName, userIdForSrp, Base64.getDecoder().decode(secretBlock),
                timestamp);
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("USERNAME", userIdForSrp);
        answer.put("PASSWORD_CLAIM_SECRET_BLOCK", secretBlock);
        answer.put("TIMESTAMP", timestamp);
        answer.put("PASSWORD_CLAIM_SIGNATURE", Base64.getEncoder().encodeToString(signature));
        return answer;
    }

    /** N in hex: an SRP_A that is 0 mod N. */
    public static String modulusHex() {
        return Srp6a.N.toString(16);
    }

    private static String hexHash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
