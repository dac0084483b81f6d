package com.authledger.support;

import com.authledger.secrets.MasterKeyRing;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

/**
 * PostgreSQL from io.zonky's embedded server on 127.0.0.1, with fsync and synchronous_commit on, as PostgreSQL ships
 * them: the embedded server turns both off by default (it is meant for fast tests), which is not what production
 * runs. For tests and benchmarks that start the service on it as an operator would.
 */
public final class DurablePostgres {

    private DurablePostgres() {
    }

    /** Starts the server on {@code dataDirectory}, keeping what is there (a restart finds its data). */
    public static EmbeddedPostgres start(Path dataDirectory) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start();
    }

    public static String url(EmbeddedPostgres postgres) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    /**
     * The service's arguments for {@code postgres}. Outside the embedded default the service creates no master key
     * ring and refuses to start without one (SecretsConfiguration), and the rotation command only rotates an existing
     * ring: one is made at {@code masterKeyFile} as the service would make it, beside {@code dataDir}.
     */
    public static List<String> serviceArguments(EmbeddedPostgres postgres, Path masterKeyFile, Path dataDir)
            throws IOException {
        Files.createDirectories(masterKeyFile.getParent());
        MasterKeyRing.loadOrCreate(masterKeyFile, dataDir, new SecureRandom());
        return List.of("--spring.datasource.url=" + url(postgres),
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--authledger.secrets.master-key-file=" + masterKeyFile);
    }
}
