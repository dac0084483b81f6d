package com.authledger.infra;

import com.authledger.support.PackagedService;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The packaged service as an operator gets it: the libraries it ships, the permissions of the database it creates on
 * the embedded default, and what the production profile serves.
 */
class PackagedJarIT {

    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(90);

    private static Path jar() {
        String jar = System.getProperty("authledger.jar");
        if (jar == null) {
            fail("No -Dauthledger.jar: the packaged service to test (failsafe sets it to the one package built)");
        }
        return Path.of(jar);
    }

    @Test
    void theJarShipsNeitherXStreamNorTheAxonServerConnector() throws IOException {
        try (JarFile jar = new JarFile(jar().toFile())) {
            List<String> libraries = jar.stream().map(entry -> entry.getName())
                    .filter(name -> name.startsWith("BOOT-INF/lib/")).toList();
            assertThat(libraries).as("the jar's libraries").isNotEmpty()
                    .anyMatch(name -> name.startsWith("BOOT-INF/lib/axon-messaging-"))
                    .noneMatch(name -> name.startsWith("BOOT-INF/lib/xstream-"))
                    .noneMatch(name -> name.startsWith("BOOT-INF/lib/axon-server-connector-"));
        }
    }

    @Test
    void theEmbeddedDatabaseIsOwnerOnlyAndProductionServesNoApiDocs() throws IOException {
        Path work = Files.createTempDirectory("authledger-packaged-");
        Path data = work.resolve("data");
        try (PackagedService service = PackagedService.start(jar(), data, work.resolve("service.log"),
                List.of("--spring.profiles.active=production"), HEALTH_TIMEOUT)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            try (Stream<Path> files = Files.list(data)) {
                List<Path> database = files.filter(file -> file.getFileName().toString().startsWith("authledger."))
                        .toList();
                assertThat(database).as("the database's files").isNotEmpty();
                for (Path file : database) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as("%s", file)
                            .isEqualTo("rw-------");
                }
            }
            assertThat(service.send("GET", "/v3/api-docs", null).status()).as("the OpenAPI document").isEqualTo(404);
            assertThat(service.send("GET", "/swagger-ui.html", null).status()).as("Swagger UI").isEqualTo(404);
        }
    }
}
