package com.authledger.secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator's rotation command: finds the ring as the service does, appends a key, prints only its id. */
class MasterKeyRotationTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void theArgumentAsksForARotation() {
        assertThat(MasterKeyRotation.requested(new String[] {"--authledger.rotate-master-key"})).isTrue();
        assertThat(MasterKeyRotation.requested(new String[] {"--x=1", "--authledger.rotate-master-key=true"}))
                .isTrue();
        assertThat(MasterKeyRotation.requested(new String[] {"--authledger.data-dir=./data"})).isFalse();
    }

    @Test
    void rotationAppendsANewCurrentKeyKeepsTheOldOnesAndPrintsOnlyTheNewId(@TempDir Path keys) throws Exception {
        Path file = keys.resolve("master-keys");
        MasterKeyRing first = MasterKeyRing.loadOrCreate(file, null, new SecureRandom());

        int status = run("--authledger.rotate-master-key", "--authledger.secrets.master-key-file=" + file);

        MasterKeyRing rotated = MasterKeyRing.loadOrCreate(file, null, new SecureRandom());
        List<String> lines = Files.readAllLines(file);
        assertThat(status).isZero();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith(first.currentId() + " ");
        assertThat(rotated.currentId()).isNotEqualTo(first.currentId());
        assertThat(rotated.key(first.currentId())).isEqualTo(first.current());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String printed = printed(out);
        assertThat(printed).contains(rotated.currentId(), "/api/v1/admin/master-keys/rewrap");
        for (String line : lines) {
            assertThat(printed).doesNotContain(line.substring(line.indexOf(' ') + 1));
        }
    }

    @Test
    void theRingIsFoundFromTheDataDirectoryAsTheServiceFindsIt(@TempDir Path root) {
        Path file = root.resolve("authledger-keys/master-keys");
        MasterKeyRing first = MasterKeyRing.loadOrCreate(file, null, new SecureRandom());

        int status = run("--authledger.rotate-master-key", "--authledger.data-dir=" + root.resolve("data"));

        assertThat(status).isZero();
        assertThat(MasterKeyRing.loadOrCreate(file, null, new SecureRandom()).currentId())
                .isNotEqualTo(first.currentId());
    }

    @Test
    void aMissingRingIsNotCreatedByARotation(@TempDir Path keys) {
        Path file = keys.resolve("master-keys");

        int status = run("--authledger.rotate-master-key", "--authledger.secrets.master-key-file=" + file);

        assertThat(status).isEqualTo(1);
        assertThat(file).doesNotExist();
        assertThat(printed(err)).contains("No master key file at", "nothing to rotate");
    }

    private int run(String... args) {
        return MasterKeyRotation.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String printed(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
