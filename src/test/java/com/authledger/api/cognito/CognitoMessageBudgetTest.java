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
 * The message budgets through Cognito's protocol, whose unsigned operations are the end user's own calls: their
 * address (here forwarded by the tests' trusted proxy) is the source address. Past a budget the answer is
 * LimitExceededException, nothing is sent and nothing is appended. Each test starts in fresh budget windows.
 */
@IntegrationTest
@TestPropertySource(properties = "authledger.message-budgets.per-source.limit=4")
class CognitoMessageBudgetTest {

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
    String clientId;

    @BeforeEach
    void setUp() {
        api = TestApi.admin(port);
        events = new EventStoreProbe(jdbc);
        clock.advance(Duration.ofHours(1));
        String poolId = UserFixturesAccess.smsAndTotpPool(api);
        clientId = SignInFixturesAccess.client(api, poolId, CognitoSignInTest.FLOWS, 3);
    }

    private TestApi.Response cognito(String ip, String operation, Map<String, ?> input) {
        return CognitoCalls.unsignedFrom(port, ip, operation, input);
    }

    private TestApi.Response signUp(String ip, String username, String phone) {
        return cognito(ip, "SignUp", Map.of("ClientId", clientId, "Username", username, "Password", PASSWORD,
                "UserAttributes", List.of(Map.of("Name", "phone_number", "Value", phone))));
    }

    /** Refused past the budget of {@code whose}: LimitExceededException, nothing appended, nothing sent to it. */
    private void assertSpent(TestApi.Response response, String whose, long eventsBefore, String phone,
                             long sentBefore) {
        String message = assertError(response, 400, "LimitExceededException");
        assertThat(message).contains("The message budget of " + whose);
        assertThat(events.eventCount()).as("nothing appended").isEqualTo(eventsBefore);
        assertThat(outbox.messages().stream().filter(m -> m.destination().equals(phone)).count())
                .as("nothing sent").isEqualTo(sentBefore);
    }

    @Test
    void signUpsPumpingPremiumNumbersFromOneAddressStopAtItsBudget() {
        String ip = "203.0.113.40";
        for (int i = 0; i < 4; i++) {
            TestApi.Response created = signUp(ip, "pump" + i, "+882340000041" + i);
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            UserFixturesAccess.awaitCode(outbox, "+882340000041" + i, "SIGN_UP");
        }
        long before = events.eventCount();

        assertSpent(signUp(ip, "pump4", "+8823400000419"), "this source address", before, "+8823400000419", 0);

        assertThat(signUp("203.0.113.41", "pump4", "+8823400000419").status()).as("the name stayed free")
                .isEqualTo(200);
    }

    @Test
    void aResetOrANewCodePastTheSourceBudgetIsRefusedWhateverTheName() {
        String ip = "203.0.113.50";
        for (int i = 0; i < 4; i++) {
            assertThat(signUp(ip, "rst" + i, "+1555555042" + i).status()).isEqualTo(200);
            UserFixturesAccess.awaitCode(outbox, "+1555555042" + i, "SIGN_UP");
        }
        long before = events.eventCount();

        for (String name : List.of("rst0", "nobody-by-this-name")) {
            assertSpent(cognito(ip, "ForgotPassword", Map.of("ClientId", clientId, "Username", name)),
                    "this source address", before, "+15555550420", 1);
            assertSpent(cognito(ip, "ResendConfirmationCode", Map.of("ClientId", clientId, "Username", name)),
                    "this source address", before, "+15555550420", 1);
        }
    }

    @Test
    void aDestinationHasABudgetAcrossUsersAndAddresses() {
        String phone = "+15555550430";
        for (int i = 0; i < 5; i++) {
            assertThat(signUp("203.0.113.6" + i, "dst" + i, phone).status()).isEqualTo(200);
            UserFixturesAccess.awaitCode(outbox, phone, "SIGN_UP", i);
        }
        long before = events.eventCount();

        assertSpent(signUp("203.0.113.69", "dst5", phone), "this destination", before, phone, 5);
    }
}
