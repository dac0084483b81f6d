package com.authledger.client;

import com.authledger.client.api.AppClientId;
import com.authledger.client.api.AppClientSettings;
import com.authledger.client.api.AuthFlow;
import com.authledger.shared.InvalidInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.SecureRandom;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppClientSettingsTest {

    @Test
    void defaultsAreCognitos() {
        AppClientSettings s = AppClientSettings.of("web", null, null, null, null, null);
        assertThat(s.accessTokenValidityMinutes()).isEqualTo(60);
        assertThat(s.idTokenValidityMinutes()).isEqualTo(60);
        assertThat(s.refreshTokenValidityMinutes()).isEqualTo(30 * 24 * 60);
        assertThat(s.authSessionValidityMinutes()).isEqualTo(3);
        assertThat(s.explicitAuthFlows()).containsExactly(AuthFlow.ALLOW_USER_SRP_AUTH,
                AuthFlow.ALLOW_REFRESH_TOKEN_AUTH);
    }

    @Test
    void flowsAreSortedAndDistinct() {
        AppClientSettings s = AppClientSettings.of("web", null, null, null, null,
                List.of("ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"));
        assertThat(s.explicitAuthFlows()).containsExactly(AuthFlow.ALLOW_USER_PASSWORD_AUTH,
                AuthFlow.ALLOW_REFRESH_TOKEN_AUTH);
        assertThat(s).isEqualTo(AppClientSettings.of("web", null, null, null, null,
                List.of("ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")));
    }

    @ParameterizedTest
    @CsvSource({
            "accessTokenValidityMinutes, 4, 60, 43200, 3", "accessTokenValidityMinutes, 1441, 60, 43200, 3",
            "idTokenValidityMinutes, 60, 4, 43200, 3", "idTokenValidityMinutes, 60, 1441, 43200, 3",
            "refreshTokenValidityMinutes, 60, 60, 59, 3", "refreshTokenValidityMinutes, 60, 60, 5256001, 3",
            "authSessionValidityMinutes, 60, 60, 43200, 2", "authSessionValidityMinutes, 60, 60, 43200, 16"})
    void validitiesOutOfRangeNameTheirField(String field, int access, int id, int refresh, int session) {
        assertThatThrownBy(() -> AppClientSettings.of("web", access, id, refresh, session, null))
                .isInstanceOfSatisfying(InvalidInput.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains("between");
                });
    }

    @Test
    void boundsAreAccepted() {
        AppClientSettings.of("web", 5, 1440, 60, 15, List.of());
        AppClientSettings.of("web", 1440, 5, 3650 * 24 * 60, 3, List.of());
    }

    @Test
    void nameAndFlowsAreChecked() {
        assertThatThrownBy(() -> AppClientSettings.of("x".repeat(129), null, null, null, null, null))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> AppClientSettings.of("", null, null, null, null, null))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> AppClientSettings.of("a/b", null, null, null, null, null))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> AppClientSettings.of(null, null, null, null, null, null))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> AppClientSettings.of("web", null, null, null, null, List.of("ALLOW_CUSTOM_AUTH")))
                .isInstanceOfSatisfying(InvalidInput.class,
                        e -> assertThat(e.field()).isEqualTo("explicitAuthFlows"));
    }

    @Test
    void idsAndSecretsLookLikeCognitos() {
        SecureRandom random = new SecureRandom();
        assertThat(AppClientId.generate(random)).matches("[a-z0-9]{26}");
        assertThat(AppClientId.generateSecret(random)).matches("[a-z0-9]{51}");
        assertThat(AppClientId.generate(random)).isNotEqualTo(AppClientId.generate(random));
    }
}
