package com.authledger.user;

import com.authledger.secrets.DataKeyVault;
import com.authledger.secrets.OneTimeCodeMac;
import com.authledger.user.api.CodePurpose;
import com.authledger.user.api.Codes;
import com.authledger.user.api.Contact;
import com.authledger.user.factor.Totp;
import com.authledger.user.password.Srp6a;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The user's secrets as the aggregate handles them: values sealed under the user's data key (the aggregate keeps
 * only sealed forms, so neither its events nor its snapshots hold a plaintext), one-time codes drawn from a secure
 * source and kept only as keyed HMACs, TOTP secrets, and passwords turned into SRP verifiers.
 */
@Component
public class UserSecrets {

    /** The fields a user's sealed values are bound to (the associated data of AES-GCM). */
    public enum Field {
        PASSWORD("password"), NAME("name"), PHONE_NUMBER("phone_number"), EMAIL("email"), TOTP_SECRET("totp-secret");

        private final String label;

        Field(String label) {
            this.label = label;
        }
    }

    public static Field field(Contact contact) {
        return contact == Contact.PHONE_NUMBER ? Field.PHONE_NUMBER : Field.EMAIL;
    }

    static final int RECOVERY_CODES = 10;
    /** 12 base-32 characters: 60 bits each. */
    private static final int RECOVERY_CODE_CHARACTERS = 12;
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final String RECOVERY = "recovery-code";

    private final DataKeyVault vault;
    private final OneTimeCodeMac macs;
    private final SecureRandom random;
    private final Totp totp = new Totp();

    public UserSecrets(DataKeyVault vault, OneTimeCodeMac macs, SecureRandom random) {
        this.vault = vault;
        this.macs = macs;
        this.random = random;
    }

    public String seal(String sub, Field field, String plaintext) {
        return plaintext == null ? null : vault.seal(sub, field.label, plaintext);
    }

    public String open(String sub, Field field, String sealed) {
        return sealed == null ? null : vault.open(sub, field.label, sealed);
    }

    /** Opens several of one user's values with one read of its data key. */
    public Opener opener(String sub) {
        DataKeyVault.Opener opener = vault.opener(sub);
        return (field, sealed) -> sealed == null ? null : opener.open(field.label, sealed);
    }

    @FunctionalInterface
    public interface Opener {
        String open(Field field, String sealed);
    }

    /** The user's data key is deleted: every value sealed for the user is unreadable from now on. */
    public void shred(String sub) {
        vault.shred(sub);
    }

    /** The password's stored form, sealed: "salt:verifier" in padded hex, for USER_SRP_AUTH and password sign-in. */
    public String sealedVerifier(String sub, String srpPoolName, String password) {
        Srp6a.Verifier verifier = Srp6a.newVerifier(srpPoolName, sub, password, random);
        return seal(sub, Field.PASSWORD, verifier.saltHex() + ":" + verifier.verifierHex());
    }

    /** Whether {@code password} is the one whose sealed verifier is given, compared in constant time. */
    public boolean passwordMatches(String sub, String srpPoolName, String password, String sealedVerifier) {
        String stored = open(sub, Field.PASSWORD, sealedVerifier);
        int colon = stored.indexOf(':');
        java.math.BigInteger presented = Srp6a.verifier(srpPoolName, sub, password, stored.substring(0, colon));
        return java.security.MessageDigest.isEqual(
                presented.toString(16).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                new java.math.BigInteger(stored.substring(colon + 1), 16).toString(16)
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** The stored salt and verifier, opened. */
    public Srp6a.Verifier verifier(String sub, String sealedVerifier) {
        String stored = open(sub, Field.PASSWORD, sealedVerifier);
        int colon = stored.indexOf(':');
        return new Srp6a.Verifier(stored.substring(0, colon), stored.substring(colon + 1));
    }

    /** Whether a USER_SRP_AUTH claim was signed by the holder of the password behind the sealed verifier. */
    public boolean claimMatches(String sub, Srp6a.PasswordClaim claim, String sealedVerifier) {
        return Srp6a.claimMatches(claim, new java.math.BigInteger(verifier(sub, sealedVerifier).verifierHex(), 16));
    }

    /**
     * The same work as {@link #passwordMatches} for a name that matches no user, so that the answer takes as long:
     * the verifier of the password under a random salt.
     */
    public void dummyPasswordCheck(String srpPoolName, String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        Srp6a.verifier(srpPoolName, DUMMY_SUB, password, java.util.HexFormat.of().formatHex(salt));
    }

    private static final String DUMMY_SUB = "00000000-0000-4000-8000-000000000000";

    /** A six-digit code, uniformly drawn. */
    public String newCode() {
        return String.format(Locale.ROOT, "%06d", random.nextInt(1_000_000));
    }

    public String codeMac(String sub, CodePurpose purpose, String code) {
        return macs.mac(sub, purpose.name(), code);
    }

    public boolean codeMatches(String storedMac, String sub, CodePurpose purpose, String code) {
        return macs.matches(storedMac, sub, purpose.name(), code);
    }

    /** Ten recovery codes, {@code xxxx-xxxx-xxxx} in base 32 (60 bits each), to be shown once. */
    public List<String> newRecoveryCodes() {
        List<String> codes = new ArrayList<>(RECOVERY_CODES);
        for (int i = 0; i < RECOVERY_CODES; i++) {
            StringBuilder code = new StringBuilder(RECOVERY_CODE_CHARACTERS + 2);
            for (int c = 0; c < RECOVERY_CODE_CHARACTERS; c++) {
                if (c > 0 && c % 4 == 0) {
                    code.append('-');
                }
                code.append(BASE32[random.nextInt(BASE32.length)]);
            }
            codes.add(code.toString());
        }
        return codes;
    }

    public String recoveryCodeMac(String sub, String code) {
        return macs.mac(sub, RECOVERY, Codes.normalizeRecoveryCode(code));
    }

    public boolean recoveryCodeMatches(String storedMac, String sub, String code) {
        return macs.matches(storedMac, sub, RECOVERY, Codes.normalizeRecoveryCode(code));
    }


    public Totp totp() {
        return totp;
    }
}
