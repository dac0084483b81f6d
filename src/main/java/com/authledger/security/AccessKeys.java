package com.authledger.security;

import com.authledger.infra.SqlTime;
import com.authledger.secrets.DataKeyVault;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The access keys that sign Cognito protocol calls (ADR 13), in the table access_key: an id like AWS's
 * ({@code ALAK} and 16 base32 characters), a role, and the secret sealed with the {@link DataKeyVault} under the
 * owner {@code accesskey:<id>}, so master-key rotation re-wraps it and deleting the key shreds it. The secret is
 * returned once, at creation, and never again.
 * <p>
 * Opened secrets are kept in memory for at most {@link #HELD_FOR} (bounded): a deletion drops the key on this node at
 * once, while other nodes may still accept its signatures for up to that long.
 */
@Component
public class AccessKeys {

    /** How long an opened secret may be used from memory after it was read. */
    public static final Duration HELD_FOR = Duration.ofSeconds(60);
    /** The prefix of every access key id, so that a leaked id is recognisable as authledger's. */
    public static final String ID_PREFIX = "ALAK";
    public static final Pattern ID = Pattern.compile(ID_PREFIX + "[A-Z2-7]{16}");

    private static final int HELD_KEYS = 10_000;
    private static final String OWNER_PREFIX = "accesskey:";
    private static final String SECRET_FIELD = "secret-access-key";
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final int SECRET_BYTES = 30; // 40 characters of base64url

    /** A key as created: the only time its secret is shown. toString never shows the secret. */
    public record CreatedKey(String accessKeyId, String secretAccessKey, Role role, String description,
                             Instant createdAt) {
        @Override
        public String toString() {
            return "CreatedKey[" + accessKeyId + ", " + role + "]";
        }
    }

    /** A key as an operator sees it: never its secret. */
    public record KeyInfo(String accessKeyId, Role role, String description, Instant createdAt, String createdBy) {
    }

    /** A live key with its opened secret, for signature verification only. toString never shows the secret. */
    public record SigningKey(String accessKeyId, Role role, String secretAccessKey) {
        @Override
        public String toString() {
            return "SigningKey[" + accessKeyId + ", " + role + "]";
        }
    }

    private final JdbcTemplate jdbc;
    private final DataKeyVault vault;
    private final SecureRandom random;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final Cache<String, SigningKey> held = Caffeine.newBuilder().maximumSize(HELD_KEYS)
            .expireAfterWrite(HELD_FOR).build();

    public AccessKeys(JdbcTemplate jdbc, DataKeyVault vault, SecureRandom random, Clock clock,
                      PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.random = random;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Creates a key; the caller has checked role and description. The secret is in the answer and nowhere else. */
    public CreatedKey create(Role role, String description, String actor) {
        String id = newId();
        String secret = newSecret();
        Instant now = clock.instant();
        transaction.executeWithoutResult(status -> {
            String sealed = vault.seal(OWNER_PREFIX + id, SECRET_FIELD, secret);
            jdbc.update("INSERT INTO access_key (access_key_id, role, description, sealed_secret, created_at, "
                    + "created_by) VALUES (?, ?, ?, ?, ?, ?)", id, role.name(), description, sealed,
                    SqlTime.utc(now), actor);
        });
        return new CreatedKey(id, secret, role, description, now);
    }

    /** The keys not deleted, oldest first; never a secret. */
    public List<KeyInfo> list() {
        return jdbc.query("SELECT access_key_id, role, description, created_at, created_by FROM access_key "
                        + "WHERE deleted_at IS NULL ORDER BY created_at, access_key_id",
                (rs, row) -> new KeyInfo(rs.getString("access_key_id"), Role.valueOf(rs.getString("role")),
                        rs.getString("description"), SqlTime.instant(rs, "created_at"), rs.getString("created_by")));
    }

    /** Disables a key and shreds its secret; false when no such key is live. */
    public boolean delete(String accessKeyId, String actor) {
        if (!ID.matcher(accessKeyId).matches()) {
            return false;
        }
        boolean deleted = Boolean.TRUE.equals(transaction.execute(status -> {
            int updated = jdbc.update("UPDATE access_key SET deleted_at = ?, deleted_by = ? WHERE access_key_id = ? "
                    + "AND deleted_at IS NULL", SqlTime.utc(clock.instant()), actor, accessKeyId);
            if (updated > 0) {
                vault.shred(OWNER_PREFIX + accessKeyId);
            }
            return updated > 0;
        }));
        held.invalidate(accessKeyId);
        return deleted;
    }

    /** The live key with this id and its secret, for verifying a signature; empty when unknown or deleted. */
    public Optional<SigningKey> signingKey(String accessKeyId) {
        if (accessKeyId == null || !ID.matcher(accessKeyId).matches()) {
            return Optional.empty();
        }
        SigningKey cached = held.getIfPresent(accessKeyId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<SigningKey> read;
        try {
            read = jdbc.query("SELECT role, sealed_secret FROM access_key WHERE access_key_id = ? "
                            + "AND deleted_at IS NULL",
                    (rs, row) -> new SigningKey(accessKeyId, Role.valueOf(rs.getString("role")),
                            vault.open(OWNER_PREFIX + accessKeyId, SECRET_FIELD, rs.getString("sealed_secret"))),
                    accessKeyId).stream().findFirst();
        } catch (DataKeyVault.KeyShredded deletedMeanwhile) {
            return Optional.empty();
        }
        read.ifPresent(key -> held.put(accessKeyId, key));
        return read;
    }

    /** Parses a role as the API names it (admin | auditor); empty for anything else. */
    public static Optional<Role> role(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "admin" -> Optional.of(Role.ADMIN);
            case "auditor" -> Optional.of(Role.AUDITOR);
            default -> Optional.empty();
        };
    }

    private String newId() {
        StringBuilder id = new StringBuilder(ID_PREFIX);
        for (int i = 0; i < 16; i++) {
            id.append(BASE32[random.nextInt(BASE32.length)]);
        }
        return id.toString();
    }

    private String newSecret() {
        byte[] raw = new byte[SECRET_BYTES];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
