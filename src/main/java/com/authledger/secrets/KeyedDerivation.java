package com.authledger.secrets;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Values the server must be able to recompute but never store: HMAC-SHA256 under a key derived from the master key
 * (so it never sits in a table), separated by purpose. The key id the value was made under is kept beside whatever
 * needs it again, so a rotation does not change values in flight.
 */
public final class KeyedDerivation {

    private static final byte[] LABEL = "authledger keyed derivation v1".getBytes(StandardCharsets.UTF_8);

    private final MasterKeyRing masterKeys;

    public KeyedDerivation(MasterKeyRing masterKeys) {
        this.masterKeys = masterKeys;
    }

    /** The id of the master key new values are derived under. */
    public String currentKeyId() {
        return masterKeys.currentId();
    }

    /** 32 bytes, a function of the master key {@code keyId}, the purpose and the parts (each length-delimited). */
    public byte[] derive(String keyId, String purpose, String... parts) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(masterKeys.key(keyId));
            byte[] key = derive.doFinal(LABEL);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            update(mac, purpose);
            for (String part : parts) {
                update(mac, part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static void update(Mac mac, String part) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        mac.update(new byte[]{(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16), (byte) (bytes.length >>> 8),
                (byte) bytes.length});
        mac.update(bytes);
    }
}
