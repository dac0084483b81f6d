package com.authledger.secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The service warns when the master key sits inside the data directory or other users can read it. */
@ExtendWith(OutputCaptureExtension.class)
class MasterKeyPlacementTest {

    private static final String INSIDE = "sits inside the data directory";
    private static final String READABLE = "is readable by other users";

    @Test
    void aKeyApartFromTheDataAndOwnerOnlyRaisesNoWarning(@TempDir Path root, CapturedOutput output) {
        MasterKeyRing.loadOrCreate(root.resolve("keys/master-keys"), root.resolve("data"), new SecureRandom());

        assertThat(output.getAll()).doesNotContain(INSIDE).doesNotContain(READABLE);
    }

    @Test
    void aKeyInsideTheDataDirectoryIsWarnedAbout(@TempDir Path root, CapturedOutput output) {
        MasterKeyRing.loadOrCreate(root.resolve("data/master-keys"), root.resolve("data"), new SecureRandom());

        assertThat(output.getAll()).contains(INSIDE);
    }

    @Test
    void aKeyOthersCanReadIsWarnedAbout(@TempDir Path root, CapturedOutput output) throws Exception {
        Path file = root.resolve("keys/master-keys");
        MasterKeyRing.loadOrCreate(file, root.resolve("data"), new SecureRandom());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        MasterKeyRing.loadOrCreate(file, root.resolve("data"), new SecureRandom());

        assertThat(output.getAll()).contains(READABLE);
    }
}
