package com.authledger.secrets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The master keys, kept in a file apart from the database: one line per key, {@code <id> <base64 256-bit key>}, the
 * last line the current key. Data keys are wrapped under the current key and remember the id of the key that wrapped
 * them, so adding a line rotates the master key and a re-wrap moves every data key onto it.
 *
 * <p>The file is created on first use with owner-only permissions. Loading it warns when it sits inside the data
 * directory (a copy of the database would carry its key along) or when other users can read it.
 */
public final class MasterKeyRing {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyRing.class);
    private static final Pattern LINE = Pattern.compile("(mk-[A-Za-z0-9_-]{8,64}) ([A-Za-z0-9+/]{43}=)");
    private static final int KEY_BYTES = 32;

    private final Map<String, SecretKey> keys;
    private final String currentId;

    private MasterKeyRing(Map<String, SecretKey> keys, String currentId) {
        this.keys = Map.copyOf(keys);
        this.currentId = currentId;
    }

    /** Loads the ring, creating it with one fresh key if the file does not exist yet. */
    public static MasterKeyRing loadOrCreate(Path file, Path dataDirectory, SecureRandom random) {
        try {
            if (!Files.exists(file)) {
                write(file, List.of(newLine(random)));
                log.warn("Generated a master key into {} (readable by this user only); back it up apart from the "
                        + "database", file.toAbsolutePath());
            }
            warnAboutPlacement(file, dataDirectory);
            return parse(Files.readAllLines(file, StandardCharsets.US_ASCII), file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the master key file " + file, e);
        }
    }

    /** Adds a new current key to the file (rotation); data keys move onto it when they are re-wrapped. */
    public static MasterKeyRing rotate(Path file, SecureRandom random) {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.US_ASCII));
            parse(lines, file);
            lines.add(newLine(random));
            write(file, lines);
            return parse(lines, file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rotate the master key file " + file, e);
        }
    }

    public String currentId() {
        return currentId;
    }

    public SecretKey current() {
        return keys.get(currentId);
    }

    public SecretKey key(String id) {
        SecretKey key = keys.get(id);
        if (key == null) {
            throw new UnknownKey(id);
        }
        return key;
    }

    /** A data key or a code names a master key this ring does not hold (its id is not secret). */
    public static final class UnknownKey extends IllegalStateException {
        private final String keyId;

        UnknownKey(String keyId) {
            super("The master key " + keyId + " is not in the key ring; restore its line");
            this.keyId = keyId;
        }

        public String keyId() {
            return keyId;
        }
    }

    private static MasterKeyRing parse(List<String> lines, Path file) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        String current = null;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                throw new IllegalStateException("The master key file " + file + " holds a line that is not "
                        + "'<id> <base64 key>'");
            }
            keys.put(m.group(1), new SecretKeySpec(Base64.getDecoder().decode(m.group(2)), "AES"));
            current = m.group(1);
        }
        if (current == null) {
            throw new IllegalStateException("The master key file " + file + " holds no key");
        }
        return new MasterKeyRing(keys, current);
    }

    private static String newLine(SecureRandom random) {
        byte[] id = new byte[9];
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(id);
        random.nextBytes(key);
        return "mk-" + Base64.getUrlEncoder().withoutPadding().encodeToString(id) + " "
                + Base64.getEncoder().encodeToString(key);
    }

    /** Written to an owner-only temporary file and moved into place, so a crash never leaves half a ring. */
    private static void write(Path file, List<String> lines) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "master-key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(temporary, lines, StandardCharsets.US_ASCII);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void warnAboutPlacement(Path file, Path dataDirectory) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        if (dataDirectory != null && key.startsWith(dataDirectory.toAbsolutePath().normalize())) {
            log.warn("The master key file {} sits inside the data directory: a copy of the database would carry "
                    + "its key along; move it (authledger.secrets.master-key-file)", key);
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                log.warn("The master key file {} is readable by other users: chmod 600 it", key);
            }
        } catch (UnsupportedOperationException notPosix) {
            // no POSIX permissions on this file system: nothing to check
        }
    }
}
