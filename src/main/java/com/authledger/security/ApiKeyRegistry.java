package com.authledger.security;

import com.authledger.infra.EmbeddedDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API keys that may call the admin API, held only as SHA-256 digests. Keys are 256-bit random strings, so a
 * fast digest is enough (no password stretching is needed against guessing), and every presented key is compared
 * with every known digest in constant time.
 */
@Component
public class ApiKeyRegistry {

    static final String GENERATED_KEY_FILE = "admin-api-key";
    static final String GENERATED_KEY_NAME = "generated-admin";
    private static final Logger log = LoggerFactory.getLogger(ApiKeyRegistry.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern GENERATED_KEY = Pattern.compile("alk_[A-Za-z0-9_-]{43}");
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private record Known(ApiPrincipal principal, byte[] digest) {
    }

    private final List<Known> keys;

    public ApiKeyRegistry(SecurityProperties properties, @Value("${authledger.data-dir}") Path dataDir,
                          @Value("${spring.datasource.url}") String datasourceUrl) {
        List<Known> known = new ArrayList<>();
        for (SecurityProperties.ApiKey key : properties.apiKeys()) {
            if (key.name() == null || !NAME.matcher(key.name()).matches()) {
                throw new IllegalStateException("authledger.security.api-keys: each key needs a name of 1 to 64 "
                        + "letters, digits and ._-");
            }
            if (key.role() == null || key.sha256() == null || !SHA256_HEX.matcher(key.sha256()).matches()) {
                throw new IllegalStateException("authledger.security.api-keys." + key.name()
                        + ": needs a role (admin or auditor) and sha256, the key's SHA-256 in 64 hex digits");
            }
            known.add(new Known(new ApiPrincipal(key.name(), key.role()), HexFormat.of().parseHex(key.sha256())));
        }
        if (known.isEmpty()) {
            boolean embedded = EmbeddedDatabase.isEmbedded(datasourceUrl);
            if (!embedded || !properties.generateAdminKey()) {
                throw new IllegalStateException("No API key is configured (authledger.security.api-keys). Outside "
                        + "the embedded default the service does not start without one; see docs/operations.md.");
            }
            String key = generatedKey(dataDir.resolve(GENERATED_KEY_FILE));
            known.add(new Known(new ApiPrincipal(GENERATED_KEY_NAME, Role.ADMIN), sha256(key)));
        }
        this.keys = List.copyOf(known);
    }

    public Optional<ApiPrincipal> authenticate(String presentedKey) {
        byte[] digest = sha256(presentedKey);
        ApiPrincipal match = null;
        for (Known key : keys) {
            if (MessageDigest.isEqual(key.digest(), digest)) {
                match = key.principal();
            }
        }
        return Optional.ofNullable(match);
    }

    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * Reads the embedded default's admin key, or creates it on the first start: written to a temporary file readable
     * by the owner only and moved into place atomically, so a crash never leaves an empty or partial key behind.
     */
    private static String generatedKey(Path file) {
        try {
            if (Files.exists(file)) {
                String key = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!GENERATED_KEY.matcher(key).matches()) {
                    throw new IllegalStateException("The admin API key file " + file.toAbsolutePath()
                            + " does not hold a key this service generated; delete it to generate a new one.");
                }
                warnIfReadableByOthers(file);
                log.info("Admin API key read from {}", file.toAbsolutePath());
                return key;
            }
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String key = "alk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Path temporary = Files.createTempFile(directory, GENERATED_KEY_FILE, ".tmp", OWNER_ONLY);
            Files.writeString(temporary, key + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                Files.deleteIfExists(temporary);
                return generatedKey(file);
            }
            log.warn("No API key was configured: generated an admin API key into {} (readable by this user only)",
                    file.toAbsolutePath());
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the admin API key file " + file, e);
        }
    }

    private static void warnIfReadableByOthers(Path file) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                log.warn("The admin API key file {} is readable by other users: chmod 600 it",
                        file.toAbsolutePath());
            }
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions: nothing to check
        }
    }
}
