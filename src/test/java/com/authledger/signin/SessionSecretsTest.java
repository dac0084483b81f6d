package com.authledger.signin;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Session strings and refresh tokens: their shape, their entropy, and the hash that is all that is kept of them. */
class SessionSecretsTest {

    private final SessionSecrets secrets = new SessionSecrets(new SecureRandom());

    @Test
    void aJoinedIdAndSecretParseBack() {
        String id = secrets.newId();
        String secret = secrets.newSecret();
        assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]+");
        assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]+");

        SessionSecrets.Presented presented = SessionSecrets.parse(SessionSecrets.join(id, secret)).orElseThrow();
        assertThat(presented.id()).isEqualTo(id);
        assertThat(presented.secret()).isEqualTo(secret);
        assertThat(presented.toString()).doesNotContain(secret);
    }

    @Test
    void anythingNotShapedLikeASessionIsRefused() {
        String good = SessionSecrets.join(secrets.newId(), secrets.newSecret());
        assertThat(SessionSecrets.parse(null)).isEmpty();
        assertThat(SessionSecrets.parse("")).isEmpty();
        assertThat(SessionSecrets.parse(good + "A")).isEmpty();
        assertThat(SessionSecrets.parse(good.substring(1))).isEmpty();
        assertThat(SessionSecrets.parse(good.replace('.', '_'))).isEmpty();
        assertThat(SessionSecrets.parse(good.substring(0, 22) + "." + good.substring(23, 65) + "=")).isEmpty();
        assertThat(SessionSecrets.parse(good.substring(0, 21) + "+" + good.substring(22))).isEmpty();
        assertThat(SessionSecrets.parse(good.substring(0, 22) + "." + good.substring(23, 65) + "\u00e9")).isEmpty();
        assertThat(SessionSecrets.parse("x".repeat(66))).isEmpty();
    }

    @Test
    void onlyTheSecretsHashIsKeptAndItMatchesNothingElse() {
        String secret = secrets.newSecret();
        String hash = SessionSecrets.hash(secret);
        assertThat(hash).isNotEqualTo(secret).doesNotContain(secret);
        assertThat(SessionSecrets.matches(hash, secret)).isTrue();
        assertThat(SessionSecrets.matches(hash, secrets.newSecret())).isFalse();
        assertThat(SessionSecrets.matches(null, secret)).isFalse();
    }

    @Test
    void idsAndSecretsDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertThat(seen.add(secrets.newId())).isTrue();
            assertThat(seen.add(secrets.newSecret())).isTrue();
        }
    }
}
