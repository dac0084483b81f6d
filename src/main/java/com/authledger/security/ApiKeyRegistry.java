package com.authledger.security;

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
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
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
            boolean embedded = datasourceUrl.startsWith("jdbc:h2:");
            if (!embedded || !properties.generateAdminKey()) {
                throw new IllegalStateException("No API key is configured (authledger.security.api-keys). Outside "
                        + "the embedded default the service does not start without one; see the README.");
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

    /** Reads the embedded default's admin key, or creates it (owner read/write only) on the first start. */
    private static String generatedKey(Path file) {
        try {
            if (Files.exists(file)) {
                log.info("Admin API key read from {}", file.toAbsolutePath());
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String key = "alk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException raced) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
            log.warn("No API key was configured: generated an admin API key into {} (readable by this user only)",
                    file.toAbsolutePath());
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the admin API key file " + file, e);
        }
    }
}
