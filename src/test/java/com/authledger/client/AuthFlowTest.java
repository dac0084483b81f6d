package com.authledger.client;

import com.authledger.client.api.AuthFlow;
import com.authledger.shared.InvalidInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one rule of which flows a sign-in may ask for, and which of the client's flows each needs. */
class AuthFlowTest {

    @ParameterizedTest
    @CsvSource({
            "USER_SRP_AUTH, ALLOW_USER_SRP_AUTH",
            "USER_PASSWORD_AUTH, ALLOW_USER_PASSWORD_AUTH",
            "REFRESH_TOKEN_AUTH, ALLOW_REFRESH_TOKEN_AUTH",
            "REFRESH_TOKEN, ALLOW_REFRESH_TOKEN_AUTH"})
    void requestedWhenAnsweredThenTheClientsFlowItNeeds(String requested, AuthFlow needed) {
        assertThat(AuthFlow.answers(requested)).isTrue();
        assertThat(AuthFlow.requested(requested, false)).isEqualTo(needed);
        assertThat(AuthFlow.requested(requested, true)).isEqualTo(needed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"})
    void requestedWhenTheAdminFlowThenOnlyForTheHostServiceAsAdministrator(String requested) {
        assertThat(AuthFlow.requested(requested, true)).isEqualTo(AuthFlow.ALLOW_ADMIN_USER_PASSWORD_AUTH);
        assertThatThrownBy(() -> AuthFlow.requested(requested, false)).isInstanceOf(InvalidInput.class)
                .hasMessage("authFlow ADMIN_USER_PASSWORD_AUTH is for AdminInitiateAuth only");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CUSTOM_AUTH", "USER_AUTH", "USER_SRP_AUTH_PLEASE", "ALLOW_USER_SRP_AUTH"})
    void requestedWhenNotAFlowThisServiceAnswersThenRefusedNamingTheField(String requested) {
        assertThat(AuthFlow.answers(requested)).isFalse();
        assertThatThrownBy(() -> AuthFlow.requested(requested, true)).isInstanceOf(InvalidInput.class)
                .hasMessage("authFlow must be USER_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH or "
                        + "REFRESH_TOKEN_AUTH");
    }

    @Test
    void requestedWhenMissingThenRequired() {
        assertThatThrownBy(() -> AuthFlow.requested(null, true)).isInstanceOf(InvalidInput.class)
                .hasMessage("authFlow is required");
    }
}
