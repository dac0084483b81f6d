package com.authledger.secrets;

import com.authledger.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sealed fields, crypto-shredding, master-key rotation and one-time-code MACs, on the service's own database. */
@IntegrationTest
class SecretsTest {

    @Autowired
    DataKeyVault vault;

    @Autowired
    OneTimeCodeMac codes;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aSealedFieldOpensOnlyForItsOwnerAndFieldAndHoldsNoPlaintext() {
        String alice = "user-" + UUID.randomUUID();
        String bob = "user-" + UUID.randomUUID();
        String sealed = vault.seal(alice, "phone_number", "+15555550100");

        assertThat(sealed).startsWith("v1.").doesNotContain("5555550100");
        assertThat(vault.open(alice, "phone_number", sealed)).isEqualTo("+15555550100");
        assertThat(vault.seal(alice, "phone_number", "+15555550100")).isNotEqualTo(sealed);
        assertThatThrownBy(() -> vault.open(alice, "totp_secret", sealed)).isInstanceOf(IllegalStateException.class);
        vault.seal(bob, "phone_number", "+15555550199");
        assertThatThrownBy(() -> vault.open(bob, "phone_number", sealed)).isInstanceOf(IllegalStateException.class);
        byte[] wrapped = jdbc.queryForObject("SELECT wrapped_key FROM data_key WHERE owner_id = ?", byte[].class,
                alice);
        assertThat(wrapped).hasSize(12 + 32 + 16);
    }

    @Test
    void shreddingAnOwnersDataKeyMakesItsSealedFieldsUnreadableAndLeavesOthersIntact() {
        String alice = "user-" + UUID.randomUUID();
        String carol = "user-" + UUID.randomUUID();
        String aliceSecret = vault.seal(alice, "totp_secret", "JBSWY3DPEHPK3PXP");
        String carolSecret = vault.seal(carol, "totp_secret", "KRSXG5DSNFXGOIDB");

        assertThat(vault.shred(alice)).isTrue();

        assertThatThrownBy(() -> vault.open(alice, "totp_secret", aliceSecret))
                .isInstanceOf(DataKeyVault.KeyShredded.class);
        assertThat(vault.open(carol, "totp_secret", carolSecret)).isEqualTo("KRSXG5DSNFXGOIDB");
        assertThat(vault.shred(alice)).isFalse();
    }

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    @Test
    void aDataKeyIsHeldInMemoryOnlyOnceItsRowIsCommitted() {
        String dana = "user-" + UUID.randomUUID();
        org.springframework.transaction.support.TransactionTemplate transaction =
                new org.springframework.transaction.support.TransactionTemplate(transactions);
        String[] sealed = new String[1];
        // sealed twice in a transaction that rolls back: its key was read back from its own uncommitted row
        transaction.executeWithoutResult(status -> {
            sealed[0] = vault.seal(dana, "phone_number", "+15555550123");
            vault.open(dana, "phone_number", sealed[0]);
            status.setRollbackOnly();
        });
        assertThatThrownBy(() -> vault.open(dana, "phone_number", sealed[0]))
                .isInstanceOf(DataKeyVault.KeyShredded.class);

        String kept = vault.seal(dana, "phone_number", "+15555550124");
        assertThat(vault.open(dana, "phone_number", kept)).isEqualTo("+15555550124");
        // held now; the row's wrapped key garbled, the held key still opens ...
        jdbc.update("UPDATE data_key SET wrapped_key = ? WHERE owner_id = ?", new byte[60], dana);
        assertThat(vault.open(dana, "phone_number", kept)).isEqualTo("+15555550124");
        // ... until the key is shredded, which drops it from memory at once
        assertThat(vault.shred(dana)).isTrue();
        assertThatThrownBy(() -> vault.open(dana, "phone_number", kept)).isInstanceOf(DataKeyVault.KeyShredded.class);
    }

    @Test
    void rotatingTheMasterKeyAndRewrappingKeepsEverySealedFieldReadable(@TempDir Path keys) {
        Path ring = keys.resolve("master-keys");
        SecureRandom random = new SecureRandom();
        MasterKeyRing first = MasterKeyRing.loadOrCreate(ring, null, random);
        DataKeyVault before = new DataKeyVault(jdbc, first, random, Clock.systemUTC());
        String owner = "user-" + UUID.randomUUID();
        String sealed = before.seal(owner, "password_verifier", "00ff");

        // a ring holds every key that ever wrapped a data key; this test's ring holds only its own
        jdbc.update("DELETE FROM data_key WHERE owner_id <> ?", owner);
        MasterKeyRing rotated = MasterKeyRing.rotate(ring, random);
        DataKeyVault after = new DataKeyVault(jdbc, rotated, random, Clock.systemUTC());

        assertThat(rotated.currentId()).isNotEqualTo(first.currentId());
        assertThat(after.open(owner, "password_verifier", sealed)).isEqualTo("00ff");
        assertThat(after.rewrap()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT master_key_id FROM data_key WHERE owner_id = ?", String.class, owner))
                .isEqualTo(rotated.currentId());
        assertThat(after.open(owner, "password_verifier", sealed)).isEqualTo("00ff");
    }

    @Test
    void theMasterKeyFileIsOwnerOnlyAndRefusedWhenCorrupt(@TempDir Path keys) throws Exception {
        Path ring = keys.resolve("master-keys");
        MasterKeyRing.loadOrCreate(ring, null, new SecureRandom());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ring))).isEqualTo("rw-------");
        Files.writeString(ring, "not a key\n", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> MasterKeyRing.loadOrCreate(ring, null, new SecureRandom()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("holds a line");
    }

    @Test
    void oneTimeCodesAreBoundToUserAndPurposeAndStoredOnlyAsAMac() {
        String stored = codes.mac("user-1", "phone-verification", "123456");

        assertThat(stored).doesNotContain("123456");
        assertThat(codes.matches(stored, "user-1", "phone-verification", "123456")).isTrue();
        assertThat(codes.matches(stored, "user-1", "phone-verification", "123457")).isFalse();
        assertThat(codes.matches(stored, "user-2", "phone-verification", "123456")).isFalse();
        assertThat(codes.matches(stored, "user-1", "password-reset", "123456")).isFalse();
        assertThat(codes.matches("garbage", "user-1", "phone-verification", "123456")).isFalse();
    }
}
