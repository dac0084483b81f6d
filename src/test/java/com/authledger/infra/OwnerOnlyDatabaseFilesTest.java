package com.authledger.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded database's directory and files are made owner-only; nothing else is touched. */
class OwnerOnlyDatabaseFilesTest {

    @TempDir
    Path temp;

    @Test
    void onlyAnEmbeddedDatabaseInFilesHasAPath() {
        assertThat(OwnerOnlyDatabaseFiles.databaseOf("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1")).isNull();
        assertThat(OwnerOnlyDatabaseFiles.databaseOf("jdbc:h2:tcp://db.internal/authledger")).isNull();
        assertThat(OwnerOnlyDatabaseFiles.databaseOf("jdbc:postgresql://db.internal/authledger")).isNull();
        assertThat(OwnerOnlyDatabaseFiles.databaseOf("jdbc:h2:file:/srv/data/authledger;CACHE_SIZE=131072"))
                .isEqualTo(Path.of("/srv/data/authledger"));
        assertThat(OwnerOnlyDatabaseFiles.databaseOf("jdbc:h2:/srv/data/./authledger"))
                .isEqualTo(Path.of("/srv/data/authledger"));
    }

    @Test
    void theDataDirectoryAndTheDatabasesFilesBecomeOwnerOnly() throws IOException {
        Path data = temp.resolve("data");
        OwnerOnlyDatabaseFiles.secure(data.resolve("authledger"), true);
        assertThat(permissions(data)).as("created owner-only").isEqualTo("rwx------");

        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path store = Files.createFile(data.resolve("authledger.mv.db"));
        Path trace = Files.createFile(data.resolve("authledger.trace.db"));
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(trace, PosixFilePermissions.fromString("rw-r--r--"));

        OwnerOnlyDatabaseFiles.secure(data.resolve("authledger"), true);

        assertThat(permissions(data)).isEqualTo("rwx------");
        assertThat(permissions(store)).isEqualTo("rw-------");
        assertThat(permissions(trace)).isEqualTo("rw-------");
    }

    @Test
    void aDirectoryOutsideTheDataDirectoryKeepsItsPermissionsAndOtherFiles() throws IOException {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path store = Files.createFile(temp.resolve("shop.mv.db"));
        Path notOurs = Files.createFile(temp.resolve("notes.txt"));
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(notOurs, PosixFilePermissions.fromString("rw-r--r--"));

        OwnerOnlyDatabaseFiles.secure(temp.resolve("shop"), false);

        assertThat(permissions(temp)).isEqualTo("rwxr-xr-x");
        assertThat(permissions(store)).isEqualTo("rw-------");
        assertThat(permissions(notOurs)).isEqualTo("rw-r--r--");
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
