package com.authledger.token;

import com.authledger.infra.SqlTime;
import com.authledger.pool.PoolSigningKeys;
import com.authledger.secrets.DataKeyVault;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A pool's RSA-2048 token signing keys (ADR 11), in the table signing_key: the public half as a public-only JWK, the
 * private half sealed with the {@link DataKeyVault} under the owner {@code signing-key:<kid>}. The current key is the
 * pool's newest key not retired; every key not retired is published. A pool's first key is created on first use.
 * <p>
 * Keys are numbered per pool, and the unique (pool_id, generation) decides between nodes creating or rotating at the
 * same time: each creation runs in a transaction of its own, and the loser of a race re-reads. Parsed keys are kept
 * in memory per pool: dropped on this node by a rotation or retirement, reloaded after {@link #CACHE_TTL} (so other
 * nodes stop signing with a key retired elsewhere), and reloaded early when a token names a kid the node does not
 * know (at most once per {@link #RELOAD_INTERVAL} per pool, so unknown kids cannot hammer the database).
 */
public class SigningKeys implements PoolSigningKeys {

    static final Duration CACHE_TTL = Duration.ofSeconds(60);
    static final Duration RELOAD_INTERVAL = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final String OWNER_PREFIX = "signing-key:";
    private static final String PRIVATE_KEY_FIELD = "private-key";
    private static final int KEY_BITS = 2048;
    private static final int KID_BYTES = 16;
    private static final int CREATE_ATTEMPTS = 5;

    /** The key a pool's tokens are signed with now. */
    public record SigningKey(String kid, String poolId, RSAKey publicJwk, PrivateKey privateKey, Instant createdAt) {
    }

    /** A key as an operator sees it: never its private half. */
    public record KeyInfo(String kid, int generation, Instant createdAt, Instant retiredAt, boolean current) {
    }

    /** What this node holds of a pool's keys: the published ones by kid, and the current one, opened. */
    private record PoolKeys(Map<String, RSAKey> published, SigningKey current, long loadedAtNanos) {
    }

    private final JdbcTemplate jdbc;
    private final DataKeyVault vault;
    private final SecureRandom random;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;
    private final Map<String, PoolKeys> cache = new ConcurrentHashMap<>();

    public SigningKeys(JdbcTemplate jdbc, DataKeyVault vault, SecureRandom random, Clock clock,
                       PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.random = random;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The pool's current signing key, created if the pool has none yet. The caller has checked the pool exists. */
    public SigningKey current(String poolId) {
        PoolKeys keys = cached(poolId);
        if (keys.current() != null) {
            return keys.current();
        }
        createKey(poolId, false);
        return reload(poolId).current();
    }

    /**
     * The pool's published public keys, newest first (empty before its first token). Read from the database each
     * time, public halves only, so every node serves a key the moment another node has created it.
     */
    public List<RSAKey> published(String poolId) {
        return jdbc.queryForList("SELECT public_jwk FROM signing_key WHERE pool_id = ? AND retired_at IS NULL "
                + "ORDER BY generation DESC", String.class, poolId).stream().map(SigningKeys::parsePublic).toList();
    }

    /**
     * The published public key with this kid, reloading the pool's keys once if this node does not know it (another
     * node may have rotated).
     */
    public Optional<RSAKey> publicKey(String poolId, String kid) {
        PoolKeys keys = cached(poolId);
        RSAKey key = keys.published().get(kid);
        if (key == null && System.nanoTime() - keys.loadedAtNanos() >= RELOAD_INTERVAL.toNanos()) {
            key = reload(poolId).published().get(kid);
        }
        return Optional.ofNullable(key);
    }

    /** Adds a new current key; the previous ones stay published until retired. Returns the new key's kid. */
    public String rotate(String poolId) {
        String kid = createKey(poolId, true);
        cache.remove(poolId);
        log.info("Signing key {} is now current for pool {}", kid, poolId);
        return kid;
    }

    /**
     * Retires a key: no longer published, no token signed with it verifies any more, and its private half is
     * shredded. Retiring the current key makes the next token create a new one. False when the pool has no such key
     * not yet retired.
     */
    public boolean retire(String poolId, String kid) {
        boolean retired = Boolean.TRUE.equals(ownTransaction.execute(status -> {
            int updated = jdbc.update("UPDATE signing_key SET retired_at = ? WHERE pool_id = ? AND kid = ? "
                    + "AND retired_at IS NULL", SqlTime.utc(clock.instant()), poolId, kid);
            if (updated > 0) {
                vault.shred(OWNER_PREFIX + kid);
            }
            return updated > 0;
        }));
        cache.remove(poolId);
        if (retired) {
            log.info("Signing key {} of pool {} is retired", kid, poolId);
        }
        return retired;
    }

    /**
     * Retires every key of a pool being deleted and shreds their private halves, in the caller's transaction (the
     * one that records the deletion): either both happen or neither. This node forgets the pool's keys at once;
     * others within {@link #CACHE_TTL}, and none of them can create a new one, since sign-in refuses a deleted pool
     * before it mints.
     */
    @Override
    public int retireAll(String poolId) {
        List<String> kids = jdbc.queryForList("SELECT kid FROM signing_key WHERE pool_id = ? AND retired_at IS NULL",
                String.class, poolId);
        jdbc.update("UPDATE signing_key SET retired_at = ? WHERE pool_id = ? AND retired_at IS NULL",
                SqlTime.utc(clock.instant()), poolId);
        kids.forEach(kid -> vault.shred(OWNER_PREFIX + kid));
        cache.remove(poolId);
        if (!kids.isEmpty()) {
            log.info("The {} signing keys of deleted pool {} are retired", kids.size(), poolId);
        }
        return kids.size();
    }

    /** Every key of the pool, retired ones included, newest first. */
    public List<KeyInfo> keys(String poolId) {
        List<KeyInfo> all = jdbc.query("SELECT kid, generation, created_at, retired_at FROM signing_key "
                        + "WHERE pool_id = ? ORDER BY generation DESC",
                (rs, row) -> new KeyInfo(rs.getString("kid"), rs.getInt("generation"),
                        SqlTime.instant(rs, "created_at"), SqlTime.instant(rs, "retired_at"), false), poolId);
        String current = all.stream().filter(k -> k.retiredAt() == null).map(KeyInfo::kid).findFirst().orElse(null);
        return all.stream().map(k -> new KeyInfo(k.kid(), k.generation(), k.createdAt(), k.retiredAt(),
                k.kid().equals(current))).toList();
    }

    private PoolKeys cached(String poolId) {
        PoolKeys keys = cache.get(poolId);
        if (keys == null || System.nanoTime() - keys.loadedAtNanos() >= CACHE_TTL.toNanos()) {
            keys = reload(poolId);
        }
        return keys;
    }

    private PoolKeys reload(String poolId) {
        record Row(String kid, String publicJwk, String sealedPrivateKey, Instant createdAt) {
        }
        List<Row> rows = jdbc.query("SELECT kid, public_jwk, sealed_private_key, created_at FROM signing_key "
                        + "WHERE pool_id = ? AND retired_at IS NULL ORDER BY generation DESC",
                (rs, row) -> new Row(rs.getString("kid"), rs.getString("public_jwk"),
                        rs.getString("sealed_private_key"), SqlTime.instant(rs, "created_at")), poolId);
        Map<String, RSAKey> published = new LinkedHashMap<>();
        for (Row row : rows) {
            published.put(row.kid(), parsePublic(row.publicJwk()));
        }
        SigningKey current = null;
        if (!rows.isEmpty()) {
            Row newest = rows.get(0);
            PrivateKey privateKey = openPrivate(newest.kid(), newest.sealedPrivateKey());
            current = new SigningKey(newest.kid(), poolId, published.get(newest.kid()), privateKey,
                    newest.createdAt());
        }
        PoolKeys keys = new PoolKeys(Map.copyOf(published), current, System.nanoTime());
        if (current != null) {
            // only pools with keys are kept: made-up pool ids cannot grow the cache
            cache.put(poolId, keys);
        }
        return keys;
    }

    /**
     * Creates a key as the pool's next generation, in a transaction of its own. Without {@code rotation}, a key
     * created meanwhile by another node (a current key exists) ends the attempt; with it, a lost race is retried on
     * the following generation, so a rotation always adds a key.
     */
    private String createKey(String poolId, boolean rotation) {
        for (int attempt = 1; ; attempt++) {
            try {
                return ownTransaction.execute(status -> {
                    if (!rotation && currentKid(poolId).isPresent()) {
                        return currentKid(poolId).get();
                    }
                    Integer newest = jdbc.queryForObject("SELECT MAX(generation) FROM signing_key WHERE pool_id = ?",
                            Integer.class, poolId);
                    return insertKey(poolId, newest == null ? 1 : newest + 1);
                });
            } catch (DuplicateKeyException | ConcurrencyFailureException raced) {
                // another node took this generation first (PostgreSQL: a duplicate; H2 may time out on its lock)
                if (!rotation && currentKid(poolId).isPresent()) {
                    return currentKid(poolId).get();
                }
                if (attempt >= CREATE_ATTEMPTS) {
                    throw new IllegalStateException("Could not add a signing key to pool " + poolId
                            + " after " + attempt + " attempts", raced);
                }
            }
        }
    }

    private Optional<String> currentKid(String poolId) {
        return jdbc.queryForList("SELECT kid FROM signing_key WHERE pool_id = ? AND retired_at IS NULL "
                + "ORDER BY generation DESC FETCH FIRST 1 ROWS ONLY", String.class, poolId).stream().findFirst();
    }

    private String insertKey(String poolId, int generation) {
        KeyPair pair = generateKeyPair();
        String kid = newKid();
        RSAKey publicJwk = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256).build();
        String sealed = vault.seal(OWNER_PREFIX + kid, PRIVATE_KEY_FIELD,
                Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        jdbc.update("INSERT INTO signing_key (kid, pool_id, generation, public_jwk, sealed_private_key, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", kid, poolId, generation,
                publicJwk.toPublicJWK().toJSONString(), sealed, SqlTime.utc(clock.instant()));
        return kid;
    }

    private KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(KEY_BITS, RSAKeyGenParameterSpec.F4), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation failed", e);
        }
    }

    /** 128 random bits, base64url without padding: 22 characters of [A-Za-z0-9_-]. */
    private String newKid() {
        byte[] bytes = new byte[KID_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private PrivateKey openPrivate(String kid, String sealed) {
        byte[] encoded = Base64.getDecoder().decode(vault.open(OWNER_PREFIX + kid, PRIVATE_KEY_FIELD, sealed));
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The private key of signing key " + kid + " does not parse", e);
        } finally {
            java.util.Arrays.fill(encoded, (byte) 0);
        }
    }

    private static RSAKey parsePublic(String json) {
        try {
            RSAKey key = RSAKey.parse(json);
            if (key.isPrivate()) {
                throw new IllegalStateException("A stored public JWK holds private parameters");
            }
            return key;
        } catch (ParseException e) {
            throw new IllegalStateException("A stored public JWK does not parse", e);
        }
    }
}
