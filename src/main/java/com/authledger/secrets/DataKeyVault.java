package com.authledger.secrets;

import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import org.springframework.jdbc.core.JdbcTemplate;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Sensitive fields sealed with AES-256-GCM under a data key of their owner (a user), the associated data binding the
 * owner and the field, so a sealed value copied onto another user or field does not open. Data keys live wrapped
 * under the current master key in the mutable table data_key; deleting an owner's row (crypto-shredding) makes every
 * value sealed for that owner unreadable, in events and snapshots alike, while the rest of the history stays
 * readable.
 *
 * <p>An unwrapped data key is kept in memory for at most {@link #HELD_FOR} after it was read (Caffeine, bounded), so
 * that a sign-in does not read and unwrap the same key for its password and then its authenticator. A key enters the
 * cache only from a committed row (after the reading transaction commits), so a rolled-back creation is never held;
 * shredding drops it on this node at once, and other nodes stop using it within {@link #HELD_FOR}.
 */
public class DataKeyVault {

    /** How long an unwrapped data key may be used from memory after it was read. */
    public static final Duration HELD_FOR = Duration.ofSeconds(60);
    private static final int HELD_KEYS = 10_000;

    private static final String SEALED_PREFIX = "v1.";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /**
     * The owner's data key was shredded (or never existed): what was sealed for it can no longer be read. The owner
     * (a user, a pool's signing key) was deleted, in the meantime or before: a refusal with {@code NotFound} that
     * names neither owner nor field, never a failure of the service.
     */
    public static final class KeyShredded extends AuthledgerException {
        KeyShredded() {
            super(ErrorCode.NotFound, "What this request names was deleted: its secrets are shredded.");
        }
    }

    private final JdbcTemplate jdbc;
    private final MasterKeyRing masterKeys;
    private final SecureRandom random;
    private final Clock clock;
    private final Cache<String, SecretKey> held = Caffeine.newBuilder().maximumSize(HELD_KEYS)
            .expireAfterWrite(HELD_FOR).build();

    public DataKeyVault(JdbcTemplate jdbc, MasterKeyRing masterKeys, SecureRandom random, Clock clock) {
        this.jdbc = jdbc;
        this.masterKeys = masterKeys;
        this.random = random;
        this.clock = clock;
    }

    public String seal(String ownerId, String field, String plaintext) {
        SecretKey dataKey = dataKey(ownerId).orElseGet(() -> createDataKey(ownerId));
        byte[] sealed = encrypt(dataKey, plaintext.getBytes(StandardCharsets.UTF_8), aad(ownerId, field));
        return SEALED_PREFIX + Base64.getEncoder().encodeToString(sealed);
    }

    public String open(String ownerId, String field, String sealed) {
        return opener(ownerId).open(field, sealed);
    }

    /** Opens several values of one owner, reading and unwrapping the owner's data key once, on first use. */
    public Opener opener(String ownerId) {
        return new Opener(ownerId);
    }

    public final class Opener {
        private final String ownerId;
        private SecretKey dataKey;

        private Opener(String ownerId) {
            this.ownerId = ownerId;
        }

        public String open(String field, String sealed) {
            if (!sealed.startsWith(SEALED_PREFIX)) {
                throw new IllegalArgumentException("Not a value this vault sealed");
            }
            if (dataKey == null) {
                dataKey = dataKey(ownerId).orElseThrow(KeyShredded::new);
            }
            byte[] plain = decrypt(dataKey, Base64.getDecoder().decode(sealed.substring(SEALED_PREFIX.length())),
                    aad(ownerId, field));
            return new String(plain, StandardCharsets.UTF_8);
        }
    }

    /** Crypto-shredding: the owner's data key is gone, and with it every value sealed for the owner. */
    public boolean shred(String ownerId) {
        held.invalidate(ownerId);
        boolean deleted = jdbc.update("DELETE FROM data_key WHERE owner_id = ?", ownerId) > 0;
        afterCommit(() -> held.invalidate(ownerId));
        return deleted;
    }

    /** Moves every data key onto the current master key; returns how many were re-wrapped. */
    public int rewrap() {
        List<String> owners = jdbc.queryForList("SELECT owner_id FROM data_key WHERE master_key_id <> ?",
                String.class, masterKeys.currentId());
        int moved = 0;
        for (String owner : owners) {
            Optional<SecretKey> key = dataKey(owner);
            if (key.isPresent()) {
                moved += jdbc.update("UPDATE data_key SET master_key_id = ?, wrapped_key = ? WHERE owner_id = ?",
                        masterKeys.currentId(), wrap(owner, key.get()), owner);
            }
        }
        return moved;
    }

    private Optional<SecretKey> dataKey(String ownerId) {
        SecretKey cached = held.getIfPresent(ownerId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<SecretKey> read = jdbc.query("SELECT master_key_id, wrapped_key FROM data_key WHERE owner_id = ?",
                (rs, row) -> unwrap(ownerId, rs.getString("master_key_id"), rs.getBytes("wrapped_key")),
                ownerId).stream().findFirst();
        // the row may be this transaction's own, not yet committed: held only once it is
        read.ifPresent(key -> afterCommit(() -> held.put(ownerId, key)));
        return read;
    }

    /** Runs now outside a transaction, or once the current one commits (never if it rolls back). */
    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    private SecretKey createDataKey(String ownerId) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        SecretKey key = new SecretKeySpec(raw, "AES");
        // an owner's key is created by its first sealing command, which holds the owner's aggregate: no race
        jdbc.update("INSERT INTO data_key (owner_id, master_key_id, wrapped_key, created_at) VALUES (?, ?, ?, ?)",
                ownerId, masterKeys.currentId(), wrap(ownerId, key), clock.instant().atOffset(ZoneOffset.UTC));
        return key;
    }

    private byte[] wrap(String ownerId, SecretKey dataKey) {
        return encrypt(masterKeys.current(), dataKey.getEncoded(), aad(ownerId, "data-key"));
    }

    private SecretKey unwrap(String ownerId, String masterKeyId, byte[] wrapped) {
        return new SecretKeySpec(decrypt(masterKeys.key(masterKeyId), wrapped, aad(ownerId, "data-key")), "AES");
    }

    private static byte[] aad(String ownerId, String field) {
        return (ownerId + '\u0000' + field).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] encrypt(SecretKey key, byte[] plaintext, byte[] aad) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }

    private static byte[] decrypt(SecretKey key, byte[] sealed, byte[] aad) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A sealed value failed authentication: wrong owner, field or key", e);
        }
    }
}
