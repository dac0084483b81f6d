package com.authledger.signin;

import com.authledger.secrets.KeyedDerivation;
import com.authledger.secrets.MasterKeyRing;
import com.authledger.shared.InvalidInput;
import com.authledger.user.password.SrpClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shapes of PASSWORD_VERIFIER's inputs, its SECRET_BLOCK, its derived b, and what unknown names are answered. */
class PasswordVerifiersTest {

    @TempDir
    Path dir;

    static List<JsonNode> vectors() throws Exception {
        try (InputStream in = PasswordVerifiersTest.class.getResourceAsStream("/srp/srp-test-vectors.json")) {
            List<JsonNode> cases = new ArrayList<>();
            new ObjectMapper().readTree(in).path("cases").forEach(cases::add);
            return cases;
        }
    }

    @Test
    void theOfficialClientsTimestampsReadBackAsWritten() throws Exception {
        for (JsonNode vector : vectors()) {
            String text = vector.path("TIMESTAMP").asText();
            Instant read = PasswordVerifiers.timestamp(text);
            assertThat(SrpClient.TIMESTAMP.format(read)).isEqualTo(text);
        }
        assertThat(PasswordVerifiers.timestamp("Mon Jan 5 09:07:03 UTC 2026"))
                .isEqualTo(Instant.parse("2026-01-05T09:07:03Z"));
        assertThat(PasswordVerifiers.timestamp("Tue Nov 24 23:59:59 UTC 2026"))
                .isEqualTo(Instant.parse("2026-11-24T23:59:59Z"));
    }

    @Test
    void malformedTimestampsAreRefused() {
        for (String bad : List.of("2026-01-05T09:07:03Z", "Mon Jan 05 09:07:03 UTC 2026x",
                "Tue Jan 5 09:07:03 UTC 2026", "Mon Jan 5 9:07:03 UTC 2026", "lun. janv. 5 09:07:03 UTC 2026", "")) {
            assertThatThrownBy(() -> PasswordVerifiers.timestamp(bad)).as(bad).isInstanceOf(InvalidInput.class);
        }
    }

    @Test
    void aTimestampMayBeFiveMinutesAwayEitherWay() {
        Instant now = Instant.parse("2026-01-05T09:07:03Z");
        assertThat(PasswordVerifiers.isCurrent(now.minus(Duration.ofMinutes(5)), now)).isTrue();
        assertThat(PasswordVerifiers.isCurrent(now.plus(Duration.ofMinutes(5)), now)).isTrue();
        assertThat(PasswordVerifiers.isCurrent(now.minus(Duration.ofMinutes(5)).minusSeconds(1), now)).isFalse();
        assertThat(PasswordVerifiers.isCurrent(now.plus(Duration.ofMinutes(5)).plusSeconds(1), now)).isFalse();
    }

    @Test
    void srpAMustBeHexAndNotZeroModN() throws Exception {
        for (JsonNode vector : vectors()) {
            assertThat(PasswordVerifiers.clientPublic(vector.path("SRP_A").asText()))
                    .isEqualTo(new BigInteger(vector.path("SRP_A").asText(), 16));
        }
        BigInteger n = new BigInteger(SrpClient.modulusHex(), 16);
        for (String bad : List.of("0", "00", SrpClient.modulusHex(), n.shiftLeft(1).toString(16), "xyz", "-1",
                "12 34", "", "a".repeat(PasswordVerifiers.MAX_SRP_A_LENGTH + 1))) {
            assertThatThrownBy(() -> PasswordVerifiers.clientPublic(bad)).as(bad).isInstanceOf(InvalidInput.class);
        }
        assertThatThrownBy(() -> PasswordVerifiers.clientPublic(null)).isInstanceOf(InvalidInput.class);
    }

    @Test
    void theSecretBlockCarriesTheSessionAndNothingElseIsTakenForOne() {
        String session = "AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
        assertThat(PasswordVerifiers.sessionOf(PasswordVerifiers.secretBlock(session))).contains(session);
        assertThat(PasswordVerifiers.sessionOf("aGVsbG8=")).isEmpty();
        assertThatThrownBy(() -> PasswordVerifiers.sessionOf("not base64!")).isInstanceOf(InvalidInput.class);
    }

    @Test
    void signaturesAreBase64OfThirtyTwoBytes() {
        assertThat(PasswordVerifiers.signature("hPzeA0NT7gWjdnlNTOYNgCSPve0AcxuPBHlspU9Jcjk=")).hasSize(32);
        assertThatThrownBy(() -> PasswordVerifiers.signature("aGVsbG8=")).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> PasswordVerifiers.signature("***")).isInstanceOf(InvalidInput.class);
    }

    @Test
    void bIsStablePerSessionAndDiffersBetweenSessions() {
        PasswordVerifiers verifiers = verifiers();
        String key = verifiers.currentKeyId();
        assertThat(verifiers.ephemeral(key, "session-1")).isEqualTo(verifiers.ephemeral(key, "session-1"))
                .isNotEqualTo(verifiers.ephemeral(key, "session-2"));
        assertThat(verifiers.ephemeral(key, "session-1").bitLength()).isGreaterThan(200);
    }

    @Test
    void anUnknownNameGetsAStableSaltAndAUserIdShapedLikeASub() {
        PasswordVerifiers verifiers = verifiers();
        String key = verifiers.currentKeyId();
        PasswordVerifiers.UnknownName one = verifiers.unknownName(key, "us-east-1_Pool", "mac-of-nobody");
        PasswordVerifiers.UnknownName again = verifiers.unknownName(key, "us-east-1_Pool", "mac-of-nobody");
        PasswordVerifiers.UnknownName other = verifiers.unknownName(key, "us-east-1_Pool", "mac-of-someone-else");

        assertThat(again).isEqualTo(one);
        assertThat(other.saltHex()).isNotEqualTo(one.saltHex());
        assertThat(other.userIdForSrp()).isNotEqualTo(one.userIdForSrp());
        assertThat(one.userIdForSrp()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(one.saltHex()).matches("([0-9a-f]{2}){1,17}");
        assertThat(one.verifier().signum()).isPositive();
    }

    private PasswordVerifiers verifiers() {
        MasterKeyRing ring = MasterKeyRing.loadOrCreate(dir.resolve("keys"), dir.resolve("data"), new SecureRandom());
        return new PasswordVerifiers(new KeyedDerivation(ring));
    }
}
