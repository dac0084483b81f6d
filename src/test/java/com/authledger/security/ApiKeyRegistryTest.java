package com.authledger.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeyRegistryTest {

    private static final String H2 = "jdbc:h2:file:./data/authledger";
    private static final SecurityProperties NO_KEYS = new SecurityProperties(List.of(), List.of(), true);

    @Test
    void embeddedDefaultWithoutKeysGeneratesOneReadableByTheOwnerOnlyAndReusesIt(@TempDir Path dataDir)
            throws Exception {
        ApiKeyRegistry first = new ApiKeyRegistry(NO_KEYS, dataDir, H2);
        Path file = dataDir.resolve(ApiKeyRegistry.GENERATED_KEY_FILE);
        String key = Files.readString(file, StandardCharsets.UTF_8).strip();

        assertThat(key).matches("alk_[A-Za-z0-9_-]{43}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first.authenticate(key)).hasValueSatisfying(p -> assertThat(p.role()).isEqualTo(Role.ADMIN));
        assertThat(first.authenticate(key + "x")).isEmpty();
        assertThat(new ApiKeyRegistry(NO_KEYS, dataDir, H2).authenticate(key)).isPresent();
        try (var leftovers = Files.list(dataDir)) {
            assertThat(leftovers).containsExactly(file);
        }
    }

    @Test
    void aKeyFileThatDoesNotHoldAGeneratedKeyIsRefused(@TempDir Path dataDir) throws Exception {
        Files.writeString(dataDir.resolve(ApiKeyRegistry.GENERATED_KEY_FILE), "");

        assertThatThrownBy(() -> new ApiKeyRegistry(NO_KEYS, dataDir, H2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not hold a key");
    }

    @Test
    void outsideTheEmbeddedDefaultNoConfiguredKeyMeansNoStart(@TempDir Path dataDir) {
        assertThatThrownBy(() -> new ApiKeyRegistry(NO_KEYS, dataDir, "jdbc:postgresql://db/authledger"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("No API key is configured");
        assertThat(dataDir.resolve(ApiKeyRegistry.GENERATED_KEY_FILE)).doesNotExist();
    }

    @Test
    void configuredKeysAreHeldAsDigestsWithTheirRole(@TempDir Path dataDir) {
        String digest = HexFormat.of().formatHex(ApiKeyRegistry.sha256("auditor-key"));
        ApiKeyRegistry registry = new ApiKeyRegistry(new SecurityProperties(
                List.of(new SecurityProperties.ApiKey("sec-team", Role.AUDITOR, digest)), List.of(), true),
                dataDir, H2);

        assertThat(registry.authenticate("auditor-key")).contains(new ApiPrincipal("sec-team", Role.AUDITOR));
        assertThat(registry.authenticate("admin")).isEmpty();
        assertThat(dataDir.resolve(ApiKeyRegistry.GENERATED_KEY_FILE)).doesNotExist();
    }
}
