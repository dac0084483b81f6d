package com.authledger.api.rest;

import com.authledger.AuthledgerApplication;
import com.authledger.secrets.DataKeyVault;
import com.authledger.secrets.MasterKeyRing;
import com.authledger.secrets.MasterKeyRotation;
import com.authledger.support.TestApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.authledger.api.rest.RestFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Master key rotation end to end: the service seals a value, the operator rotates the ring with the service stopped,
 * the service starts again on the same database and re-wraps every data key through the admin endpoint; the value
 * still opens and every data key names the new master key.
 */
class MasterKeyRewrapTest {

    @TempDir
    Path directory;

    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void afterARotationAndARestartTheRewrapMovesEveryDataKeyOntoTheNewMasterKey() {
        String[] args = {
                "--server.port=0",
                // one in-memory database that outlives the first run, as a real database outlives a restart
                "--spring.datasource.url=jdbc:h2:mem:rewrap-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "--authledger.data-dir=" + directory.resolve("data"),
                "--authledger.secrets.master-key-file=" + directory.resolve("keys/master-keys"),
                "--authledger.security.api-keys[0].name=test-admin",
                "--authledger.security.api-keys[0].role=admin",
                "--authledger.security.api-keys[0].sha256="
                        + "944650a7cd0f9e14d5c4fb15edbffb7fa45fb9ed36a4fa9be3d7e5476ae51bd9",
                "--authledger.security.api-keys[1].name=test-auditor",
                "--authledger.security.api-keys[1].role=auditor",
                "--authledger.security.api-keys[1].sha256="
                        + "4dfe281a72d438795607c6fdcf9918fee94955989c64e1016f0f998bba332020",
        };
        String alice = "user-" + UUID.randomUUID();
        String bob = "user-" + UUID.randomUUID();

        ConfigurableApplicationContext before = start(args);
        String firstKey = before.getBean(MasterKeyRing.class).currentId();
        DataKeyVault firstVault = before.getBean(DataKeyVault.class);
        String alicePhone = firstVault.seal(alice, "phone_number", "+15555550100");
        String bobSecret = firstVault.seal(bob, "totp_secret", "JBSWY3DPEHPK3PXP");
        TestApi.Response nothingToMove = TestApi.admin(port(before)).post("/api/v1/admin/master-keys/rewrap", null);
        assertThat(nothingToMove.status()).as(nothingToMove.toString()).isEqualTo(200);
        assertThat(nothingToMove.json().path("rewrapped").asInt()).isZero();
        before.close();

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        String[] rotate = new String[args.length + 1];
        System.arraycopy(args, 0, rotate, 0, args.length);
        rotate[args.length] = MasterKeyRotation.ARGUMENT;
        assertThat(MasterKeyRotation.run(rotate, out, out)).as(printed.toString(StandardCharsets.UTF_8)).isZero();

        ConfigurableApplicationContext after = start(args);
        String newKey = after.getBean(MasterKeyRing.class).currentId();
        JdbcTemplate jdbc = after.getBean(JdbcTemplate.class);
        assertThat(newKey).isNotEqualTo(firstKey);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains(newKey);
        assertThat(jdbc.queryForList("SELECT DISTINCT master_key_id FROM data_key", String.class))
                .containsExactly(firstKey);

        assertProblem(TestApi.auditor(port(after)).post("/api/v1/admin/master-keys/rewrap", null), 403,
                "Forbidden");
        assertProblem(TestApi.anonymous(port(after)).post("/api/v1/admin/master-keys/rewrap", null), 401,
                "Unauthenticated");
        TestApi.Response rewrap = TestApi.admin(port(after)).post("/api/v1/admin/master-keys/rewrap", null);

        assertThat(rewrap.status()).as(rewrap.toString()).isEqualTo(200);
        assertThat(rewrap.json().path("currentKeyId").asText()).isEqualTo(newKey);
        assertThat(rewrap.json().path("rewrapped").asInt()).isEqualTo(2);
        assertThat(jdbc.queryForList("SELECT DISTINCT master_key_id FROM data_key", String.class))
                .containsExactly(newKey);
        DataKeyVault vault = after.getBean(DataKeyVault.class);
        assertThat(vault.open(alice, "phone_number", alicePhone)).isEqualTo("+15555550100");
        assertThat(vault.open(bob, "totp_secret", bobSecret)).isEqualTo("JBSWY3DPEHPK3PXP");
        TestApi.Response again = TestApi.admin(port(after)).post("/api/v1/admin/master-keys/rewrap", null);
        assertThat(again.json().path("rewrapped").asInt()).isZero();

        // a data key under a master key this node's ring lacks (a node restored from a copy, a line deleted)
        jdbc.update("INSERT INTO data_key (owner_id, master_key_id, wrapped_key, created_at) VALUES (?, ?, ?, ?)",
                "user-" + UUID.randomUUID(), "mk-notInThisRing", new byte[60], OffsetDateTime.now(ZoneOffset.UTC));
        assertThat(assertProblem(TestApi.admin(port(after)).post("/api/v1/admin/master-keys/rewrap", null), 409,
                "MasterKeyUnavailable").path("detail").asText()).contains("mk-notInThisRing");
    }

    private ConfigurableApplicationContext start(String[] args) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthledgerApplication.class).run(args);
        started.add(context);
        return context;
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((ServletWebServerApplicationContext) context).getWebServer().getPort();
    }
}
