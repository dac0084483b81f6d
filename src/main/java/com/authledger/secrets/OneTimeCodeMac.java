package com.authledger.secrets;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * One-time codes (SMS, verification, recovery, reset) are stored only as an HMAC keyed by a secret kept outside the
 * database (derived from the master key, so it never sits in a table), bound to the user and the purpose so a code
 * for one cannot answer another, and compared in constant time. The stored form names the master key it was made
 * under, so rotation does not invalidate codes in flight.
 */
public final class OneTimeCodeMac {

    private static final byte[] LABEL = "authledger one-time codes v1".getBytes(StandardCharsets.UTF_8);

    private final MasterKeyRing masterKeys;

    public OneTimeCodeMac(MasterKeyRing masterKeys) {
        this.masterKeys = masterKeys;
    }

    public String mac(String userId, String purpose, String code) {
        String keyId = masterKeys.currentId();
        return keyId + ":" + Base64.getEncoder().withoutPadding().encodeToString(compute(keyId, userId, purpose, code));
    }

    public boolean matches(String stored, String userId, String purpose, String code) {
        int colon = stored.indexOf(':');
        if (colon < 0) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(stored.substring(colon + 1));
        return MessageDigest.isEqual(expected, compute(stored.substring(0, colon), userId, purpose, code));
    }

    private byte[] compute(String keyId, String userId, String purpose, String code) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(masterKeys.key(keyId));
            byte[] codeKey = derive.doFinal(LABEL);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(codeKey, "HmacSHA256"));
            return mac.doFinal((purpose + '\u0000' + userId + '\u0000' + code).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
