package com.authledger.api.cognito;

import com.authledger.api.rest.SignInFixturesAccess;
import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;

import static com.authledger.api.cognito.CognitoCalls.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pool's SMS country list through Cognito's protocol, which has no member for it: a sign-up whose code would go to
 * a number outside it is refused with CodeDeliveryFailureException (no user created, nothing sent), and the pool
 * operations, which name no list, keep the pool's.
 */
@IntegrationTest
class CognitoSmsCountriesTest {

    @org.springframework.boot.test.context.TestConfiguration
    static class Signatures {
        @org.springframework.context.annotation.Bean
        @org.springframework.context.annotation.Primary
        CognitoCalls.TestSignatures testSignatures() {
            return new CognitoCalls.TestSignatures();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    DevelopmentOutbox outbox;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aSignUpToANumberOutsideTheListIsRefusedAndThePoolOperationsKeepTheList() {
        TestApi api = TestApi.admin(port);
        String poolId = SignInFixturesAccess.pool(api, "Cognito countries", "OPTIONAL", SignInFixturesAccess.SMS_ON,
                SignInFixturesAccess.TOTP_ON, SignInFixturesAccess.SENDER, "\"smsCountries\":[\"GB\"]",
                "\"verification\":{\"autoVerifiedAttributes\":[\"phone_number\"]}");
        String clientId = SignInFixturesAccess.client(api, poolId, CognitoSignInTest.FLOWS, 3);
        EventStoreProbe events = new EventStoreProbe(jdbc);
        long before = events.eventCount();
        int sent = outbox.messages().size();

        String message = assertError(CognitoCalls.unsignedFrom(port, "198.51.100.90", "SignUp", Map.of(
                "ClientId", clientId, "Username", "pumper", "Password", "Pumping-Pass-123",
                "UserAttributes", List.of(Map.of("Name", "phone_number", "Value", "+882345678901")))), 400,
                "CodeDeliveryFailureException");
        assertThat(message).contains("numbers of no country");
        assertThat(events.eventCount()).as("no user was created").isEqualTo(before);
        assertThat(outbox.messages()).hasSize(sent);
        assertThat(CognitoCalls.unsignedFrom(port, "198.51.100.90", "SignUp", Map.of("ClientId", clientId,
                "Username", "londoner", "Password", "Pumping-Pass-123", "UserAttributes",
                List.of(Map.of("Name", "phone_number", "Value", "+442071838750")))).status()).isEqualTo(200);

        // SetUserPoolMfaConfig and UpdateUserPool name no country list: the pool keeps its own
        CognitoCalls cognito = CognitoCalls.admin(port);
        cognito.ok("SetUserPoolMfaConfig", "{\"UserPoolId\":\"" + poolId + "\",\"MfaConfiguration\":\"OPTIONAL\","
                + "\"SoftwareTokenMfaConfiguration\":{\"Enabled\":true}}");
        cognito.ok("UpdateUserPool", "{\"UserPoolId\":\"" + poolId + "\",\"MfaConfiguration\":\"OPTIONAL\"}");
        assertThat(api.get(SignInFixturesAccess.POOLS + "/" + poolId + "/mfa-config").json().path("smsCountries")
                .toString()).isEqualTo("[\"GB\"]");
    }
}
