package com.authledger.user.factor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TotpTest {

    /** RFC 6238 appendix B's SHA-1 secret, "12345678901234567890", in base32. */
    private static final String RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    private final Totp totp = new Totp();

    @ParameterizedTest
    @CsvSource({"59, 287082", "1111111109, 081804", "1111111111, 050471", "1234567890, 005924",
            "2000000000, 279037", "20000000000, 353130"})
    void codesAreRfc6238sWithTheirLeadingZeros(long epochSecond, String code) {
        Instant at = Instant.ofEpochSecond(epochSecond);

        assertThat(totp.codeAt(RFC_SECRET, Totp.step(at))).isEqualTo(code);
        assertThat(totp.matchedStep(RFC_SECRET, code, at)).hasValue(Totp.step(at));
    }

    @Test
    void oneStepEitherSideIsAcceptedAndTheMatchedStepIsNamed() {
        Instant now = Instant.ofEpochSecond(1_111_111_111);
        long step = Totp.step(now);

        assertThat(totp.matchedStep(RFC_SECRET, totp.codeAt(RFC_SECRET, step - 1), now)).hasValue(step - 1);
        assertThat(totp.matchedStep(RFC_SECRET, totp.codeAt(RFC_SECRET, step + 1), now)).hasValue(step + 1);
        assertThat(totp.matchedStep(RFC_SECRET, totp.codeAt(RFC_SECRET, step - 2), now)).isEmpty();
        assertThat(totp.matchedStep(RFC_SECRET, totp.codeAt(RFC_SECRET, step + 2), now)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"81804", "0081804", " 081804", "08180a", "", "+81804", "８１８０４"})
    void aCodeThatIsNotExactlySixDigitsIsNeverCompared(String code) {
        assertThat(totp.matchedStep(RFC_SECRET, code, Instant.ofEpochSecond(1_111_111_109))).isEmpty();
    }

    @Test
    void secretsAre160BitBase32AndFresh() {
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String secret = totp.newSecret();
            assertThat(secret).matches("[A-Z2-7]{32}");
            secrets.add(secret);
        }
        assertThat(secrets).hasSize(100);
    }

    @Test
    void theOtpauthUriIsBuiltLocallyWithTheIssuer() {
        String uri = Totp.otpauthUri("Shop customers", "alice@example.com", RFC_SECRET);

        assertThat(uri).isEqualTo("otpauth://totp/Shop%20customers:alice%40example.com?secret=" + RFC_SECRET
                + "&issuer=Shop%20customers&algorithm=SHA1&digits=6&period=30");
        assertThat(uri).doesNotContain("http");
    }
}
