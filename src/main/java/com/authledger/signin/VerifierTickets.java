package com.authledger.signin;

import com.authledger.secrets.KeyedDerivation;
import com.authledger.secrets.MasterKeyRing;
import org.springframework.stereotype.Component;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The session string of a PASSWORD_VERIFIER challenge (ADR 14, amended): everything the answer needs, sealed with
 * AES-256-GCM under a key derived from the master key, so that starting USER_SRP_AUTH stores nothing. A name that
 * matches no user and one that does get tickets of the same shape; only the server can tell them apart.
 *
 * <p>Form: {@code p1.<master key id>.<base64url(nonce ‖ ciphertext ‖ tag)>}, within Cognito's token pattern
 * {@code [A-Za-z0-9-_=.]+}. The key id is in the clear (it is not secret) so that a ticket sealed before a master-key
 * rotation still opens. Whether a ticket was answered already is {@link SpentTickets}' to say: the ticket itself can
 * be presented again.
 */
@Component
public class VerifierTickets {

    private static final String PREFIX = "p1.";
    private static final String PURPOSE = "srp-verifier-ticket";
    private static final byte[] AAD = "authledger password verifier ticket v1".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern FORM = Pattern.compile("p1\\.(mk-[A-Za-z0-9_-]{8,64})\\.([A-Za-z0-9_-]{40,4096})");
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    static final int USER_AGENT_BYTES = 256;
    /** The length of SRP's 3072-bit N. */
    private static final int N_BYTES = 384;

    /**
     * What a PASSWORD_VERIFIER answer is checked with: the session it will be ({@code sessionId}), the pool and app
     * client, the user ({@code sub}, null when the name matched none) and the keyed MAC of the name given, the
     * client's SRP_A (hex), the master key b is derived under, where the initiation came from, and its lifetime.
     * {@code userIdForSrp} is the user's sub, or the id derived for a name that matched none ({@code known} false):
     * the two are UUIDs of the same length, so that the sealed ticket's length says nothing either.
     */
    public record Ticket(String sessionId, String poolId, String clientId, boolean known, String userIdForSrp,
                         String nameMac, String clientPublic, String keyId, String ipAddress, String userAgent,
                         String deviceId, Instant issuedAt, Instant expiresAt) {
        @Override
        public String toString() {
            return "Ticket[session=" + sessionId + ", redacted]";
        }

        /** The user's sub; null when the name matched no user. */
        String sub() {
            return known ? userIdForSrp : null;
        }

        PasswordVerifierStep step() {
            return new PasswordVerifierStep(clientPublic, keyId, nameMac, userAgent, deviceId);
        }
    }

    private final KeyedDerivation keys;
    private final SecureRandom random;

    public VerifierTickets(KeyedDerivation keys, SecureRandom random) {
        this.keys = keys;
        this.random = random;
    }

    /** Whether {@code session} is shaped like a ticket (rather than an {@code <id>.<secret>} session string). */
    static boolean isTicket(String session) {
        return session != null && session.startsWith(PREFIX);
    }

    /** The ticket's session string, sealed under the master key {@code ticket.keyId()}. */
    String seal(Ticket ticket) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, ticket.keyId(), nonce);
            byte[] sealed = cipher.doFinal(plain(ticket));
            byte[] whole = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, whole, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, whole, NONCE_BYTES, sealed.length);
            return PREFIX + ticket.keyId() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(whole);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }

    /** The ticket {@code session} seals, or empty when it is not one this service sealed (or it was altered). */
    Optional<Ticket> open(String session) {
        var form = session == null ? null : FORM.matcher(session);
        if (form == null || !form.matches()) {
            return Optional.empty();
        }
        try {
            byte[] whole = Base64.getUrlDecoder().decode(form.group(2));
            if (whole.length <= NONCE_BYTES + TAG_BITS / 8) {
                return Optional.empty();
            }
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, form.group(1), java.util.Arrays.copyOf(whole, NONCE_BYTES));
            return Optional.of(ticket(cipher.doFinal(whole, NONCE_BYTES, whole.length - NONCE_BYTES), form.group(1)));
        } catch (AEADBadTagException | IllegalArgumentException | MasterKeyRing.UnknownKey | IOException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }

    private Cipher cipher(int mode, String keyId, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(keys.derive(keyId, PURPOSE), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(AAD);
        return cipher;
    }

    private static byte[] plain(Ticket ticket) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(640);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(ticket.sessionId());
            out.writeUTF(ticket.poolId());
            out.writeUTF(ticket.clientId());
            out.writeBoolean(ticket.known());
            out.writeUTF(ticket.userIdForSrp());
            out.writeUTF(ticket.nameMac());
            byte[] clientPublic = padded(new BigInteger(ticket.clientPublic(), 16));
            out.writeShort(clientPublic.length);
            out.write(clientPublic);
            optional(out, ticket.ipAddress());
            optional(out, clipped(ticket.userAgent()));
            optional(out, ticket.deviceId());
            instant(out, ticket.issuedAt());
            instant(out, ticket.expiresAt());
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory", e);
        }
        return bytes.toByteArray();
    }

    private static Ticket ticket(byte[] plain, String keyId) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
            String sessionId = in.readUTF();
            String poolId = in.readUTF();
            String clientId = in.readUTF();
            boolean known = in.readBoolean();
            String userIdForSrp = in.readUTF();
            String nameMac = in.readUTF();
            byte[] clientPublic = in.readNBytes(in.readUnsignedShort());
            return new Ticket(sessionId, poolId, clientId, known, userIdForSrp, nameMac,
                    new BigInteger(1, clientPublic).toString(16), keyId, optional(in), optional(in), optional(in),
                    instant(in), instant(in));
        }
    }

    /** SRP_A's magnitude, left-padded to the length of N, so that every usual SRP_A makes a ticket as long. */
    private static byte[] padded(BigInteger clientPublic) {
        byte[] magnitude = clientPublic.toByteArray();
        int start = magnitude.length > 1 && magnitude[0] == 0 ? 1 : 0;
        int length = magnitude.length - start;
        byte[] padded = new byte[Math.max(N_BYTES, length)];
        System.arraycopy(magnitude, start, padded, padded.length - length, length);
        return padded;
    }

    /**
     * A user agent of at most {@link #USER_AGENT_BYTES} bytes of UTF-8 (cut at a character), so that the longest
     * ticket stays within Cognito's 2,048 characters of Session.
     */
    static String clipped(String userAgent) {
        if (userAgent == null || userAgent.getBytes(StandardCharsets.UTF_8).length <= USER_AGENT_BYTES) {
            return userAgent;
        }
        int end = 0;
        int bytes = 0;
        while (end < userAgent.length()) {
            int next = userAgent.offsetByCodePoints(end, 1);
            bytes += userAgent.substring(end, next).getBytes(StandardCharsets.UTF_8).length;
            if (bytes > USER_AGENT_BYTES) {
                break;
            }
            end = next;
        }
        return userAgent.substring(0, end);
    }

    private static void optional(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String optional(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void instant(DataOutputStream out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    private static Instant instant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}
