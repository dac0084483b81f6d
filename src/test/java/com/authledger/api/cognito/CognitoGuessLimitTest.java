package com.authledger.api.cognito;

import com.authledger.api.rest.SignInFixturesAccess;
import com.authledger.api.rest.UserFixturesAccess;
import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.TestApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.authledger.api.cognito.CognitoCalls.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guess limits through Cognito's protocol: the unsigned operations are the end user's own calls, so their
 * address (here forwarded by the tests' trusted proxy) counts. Past a limit the answer is TooManyRequestsException,
 * the guess is not tried and nothing is appended.
 */
@IntegrationTest
@TestPropertySource(properties = {
        "authledger.guess-limits.codes-per-source-hour=2",
        "authledger.guess-limits.passwords-per-source-hour=2",
})
class CognitoGuessLimitTest {

    private static final String PASSWORD = SignInFixturesAccess.PASSWORD;

    @LocalServerPort
    int port;

    @Autowired
    DevelopmentOutbox outbox;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MutableClock clock;

    TestApi api;
    EventStoreProbe events;

    @BeforeEach
    void setUp() {
        api = TestApi.admin(port);
        events = new EventStoreProbe(jdbc);
        clock.advance(Duration.ofDays(1));
    }

    private TestApi.Response cognito(String ip, String operation, Map<String, ?> input) {
        return CognitoCalls.unsignedFrom(port, ip, operation, input);
    }

    @Test
    void confirmationCodesGuessedFromOneAddressAreRefusedPastItsLimit() {
        String poolId = UserFixturesAccess.smsAndTotpPool(api);
        String clientId = SignInFixturesAccess.client(api, poolId, CognitoSignInTest.FLOWS, 3);
        String ip = "203.0.113.80";
        for (String name : List.of("nobody-one", "nobody-two")) {
            assertError(cognito(ip, "ConfirmForgotPassword", Map.of("ClientId", clientId, "Username", name,
                    "ConfirmationCode", "123456", "Password", "Brand-New-Pass-8")), 400, "CodeMismatchException");
        }
        long before = events.eventCount();

        String message = assertError(cognito(ip, "ConfirmSignUp", Map.of("ClientId", clientId, "Username", "anyone",
                "ConfirmationCode", "123456")), 429, "TooManyRequestsException");
        assertThat(message).contains("Too many wrong codes from this address");
        assertThat(events.eventCount()).isEqualTo(before);
        assertError(cognito("203.0.113.81", "ConfirmSignUp", Map.of("ClientId", clientId, "Username", "anyone",
                "ConfirmationCode", "123456")), 400, "CodeMismatchException");
    }

    @Test
    void passwordsGuessedFromOneAddressAreRefusedPastItsLimit() {
        String poolId = SignInFixturesAccess.pool(api, "Cognito passwords", "OFF");
        String clientId = SignInFixturesAccess.client(api, poolId, CognitoSignInTest.FLOWS, 3);
        SignInFixturesAccess.confirmedUser(api, poolId, "pia");
        String ip = "203.0.113.82";
        for (int i = 0; i < 2; i++) {
            assertError(cognito(ip, "InitiateAuth", Map.of("ClientId", clientId, "AuthFlow", "USER_PASSWORD_AUTH",
                    "AuthParameters", Map.of("USERNAME", "pia", "PASSWORD", "Wrong-Pass-123"))), 403,
                    "NotAuthorizedException");
        }
        long before = events.eventCount();

        assertError(cognito(ip, "InitiateAuth", Map.of("ClientId", clientId, "AuthFlow", "USER_PASSWORD_AUTH",
                "AuthParameters", Map.of("USERNAME", "pia", "PASSWORD", PASSWORD))), 429, "TooManyRequestsException");
        assertThat(events.eventCount()).isEqualTo(before);
    }
}
