package com.authledger.api.rest;

import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.support.IntegrationTest;
import com.authledger.support.ProjectionsCaughtUp;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;

import static com.authledger.api.rest.RestFixtures.assertProblem;
import static com.authledger.api.rest.UserFixtures.EMAIL;
import static com.authledger.api.rest.UserFixtures.awaitCode;
import static com.authledger.api.rest.UserFixtures.createUser;
import static com.authledger.api.rest.UserFixtures.messagesTo;
import static com.authledger.api.rest.UserFixtures.user;
import static com.authledger.api.rest.UserFixtures.userWithVerifiedPhone;
import static com.authledger.api.rest.UserFixtures.wrong;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ForgotPassword / ConfirmForgotPassword: a code over a recovery channel disjoint from the user's MFA factor, public
 * answers that never reveal the user or its factor, and the reasons in the audit history.
 */
@IntegrationTest
class PasswordResetApiTest {

    private static final String NEW_PASSWORD = "Brand-New-Pass-8";

    @LocalServerPort
    int port;

    @Autowired
    DevelopmentOutbox outbox;

    TestApi api;
    String poolId;

    @BeforeEach
    void setUp() {
        api = TestApi.admin(port);
        poolId = UserFixtures.smsAndTotpPool(api);
    }

    @Test
    void aResetCodeGoesToTheVerifiedPhoneAndSetsTheNewPasswordOnce() {
        String phone = "+15555550110";
        userWithVerifiedPhone(api, outbox, poolId, "alice", phone);

        TestApi.Response asked = forgot("ALICE");
        assertThat(asked.status()).isEqualTo(202);
        String code = awaitCode(outbox, phone, "RESET_PASSWORD");

        assertProblem(confirm("alice", wrong(code), NEW_PASSWORD), 400, "CodeMismatch");
        assertProblem(confirm("alice", code, "weak"), 400, "InvalidPassword");
        assertThat(confirm("alice", code, NEW_PASSWORD).status()).isEqualTo(204);
        assertProblem(confirm("alice", code, NEW_PASSWORD), 400, "CodeMismatch");

        JsonNode history = api.get(user(poolId, "alice") + "/mfa-history").json().path("items");
        JsonNode reset = history.get(history.size() - 1);
        assertThat(reset.path("change").asText()).isEqualTo("PasswordChanged");
        assertThat(reset.path("after").path("passwordChange").asText()).isEqualTo("RESET_WITH_CODE");
        assertThat(reset.path("initiatedBy").asText()).isEqualTo("USER");
    }

    @Test
    void recoveryNeverUsesSmsForAUserWhoseFactorIsSmsAndTheAnswerDoesNotSaySo() {
        String phone = "+15555550111";
        userWithVerifiedPhone(api, outbox, poolId, "bob", phone);
        api.put(user(poolId, "bob") + "/mfa-preference", "{\"sms\":{\"enabled\":true,\"preferred\":true}}");
        long before = messagesTo(outbox, phone);

        TestApi.Response asked = forgot("bob");
        TestApi.Response unknown = forgot("nobody");

        assertThat(asked.status()).isEqualTo(202);
        assertThat(unknown.status()).isEqualTo(202);
        assertThat(asked.body()).isEqualTo(unknown.body());
        ProjectionsCaughtUp.until(Duration.ofSeconds(10), () -> api.get(user(poolId, "bob") + "/mfa-history").json()
                .path("items").toString().contains("PasswordResetRefused"), () -> "no refusal in the audit trail");
        JsonNode history = api.get(user(poolId, "bob") + "/mfa-history").json().path("items");
        assertThat(history.get(history.size() - 1).path("after").path("resetRefused").asText())
                .contains("SMS is the user's MFA factor");
        assertThat(messagesTo(outbox, phone)).isEqualTo(before);
        // an unknown user and a wrong code are answered alike
        assertProblem(confirm("nobody", "123456", NEW_PASSWORD), 400, "CodeMismatch");
        assertProblem(confirm("bob", "123456", NEW_PASSWORD), 400, "CodeMismatch");
    }

    @Test
    void aUserWhoseFactorIsSmsRecoversThroughItsVerifiedEmail() {
        String phone = "+15555550112";
        userWithVerifiedPhone(api, outbox, poolId, "carol", phone);
        api.send("PATCH", user(poolId, "carol") + "/attributes", "{\"email\":\"" + EMAIL + "\",\"emailVerified\":true}",
                "application/json");
        api.put(user(poolId, "carol") + "/mfa-preference", "{\"sms\":{\"enabled\":true,\"preferred\":true}}");

        forgot("carol");

        String code = awaitCode(outbox, EMAIL, "RESET_PASSWORD");
        assertThat(confirm("carol", code, NEW_PASSWORD).status()).isEqualTo(204);
    }

    @Test
    void aResetCodeExpiresAfterAnHour() {
        String phone = "+15555550113";
        userWithVerifiedPhone(api, outbox, poolId, "dave", phone);
        forgot("dave");
        String code = awaitCode(outbox, phone, "RESET_PASSWORD");

        clock.advance(Duration.ofMinutes(61));

        assertProblem(confirm("dave", code, NEW_PASSWORD), 400, "CodeMismatch");
    }

    @Test
    void anAdminResetRequiresANewPasswordAndSendsACode() {
        String phone = "+15555550114";
        userWithVerifiedPhone(api, outbox, poolId, "erin", phone);

        JsonNode reset = api.post(user(poolId, "erin") + "/password-reset", null).json();

        assertThat(reset.path("user").path("status").asText()).isEqualTo("RESET_REQUIRED");
        assertThat(reset.path("codeDeliveryDetails").path("destination").asText()).isEqualTo("+*******0114");
        String code = awaitCode(outbox, phone, "RESET_PASSWORD");
        assertThat(confirm("erin", code, NEW_PASSWORD).status()).isEqualTo(204);
        ProjectionsCaughtUp.until(Duration.ofSeconds(10), () -> api.get(user(poolId, "erin")).json().path("status")
                .asText().equals("CONFIRMED"), () -> "not confirmed");
    }

    @Test
    void anAdminResetSaysWhyNoCodeWentAndRefusesAnUnconfirmedUser() {
        createUser(api, poolId, "frank");
        JsonNode reset = api.post(user(poolId, "frank") + "/password-reset", null).json();
        assertThat(reset.path("user").path("status").asText()).isEqualTo("RESET_REQUIRED");
        assertThat(reset.has("codeDeliveryDetails")).isFalse();
        assertThat(reset.path("notSentBecause").asText()).contains("no verified phone number");

        api.post(RestFixtures.POOLS + "/" + poolId + "/sign-up", "{\"username\":\"gina\",\"password\":\""
                + NEW_PASSWORD + "\"}");
        assertProblem(api.post(user(poolId, "gina") + "/password-reset", null), 409, "InvalidUserState");
        assertProblem(api.header(UserController.INITIATED_BY, "user").post(user(poolId, "frank")
                + "/password-reset", null), 400, "InvalidParameter");
    }

    @Test
    void whileANewNumberIsPendingTheResetCodeGoesToTheVerifiedOne() {
        String verified = "+15555550115";
        String pending = "+15555550116";
        userWithVerifiedPhone(api, outbox, poolId, "hank", verified);
        api.put(user(poolId, "hank") + "/phone-number", "{\"phoneNumber\":\"" + pending + "\"}");

        forgot("hank");

        String code = awaitCode(outbox, verified, "RESET_PASSWORD");
        assertThat(UserFixtures.newest(outbox, pending, "RESET_PASSWORD")).isEmpty();
        assertThat(confirm("hank", code, NEW_PASSWORD).status()).isEqualTo(204);
    }

    @Test
    void theFifthWrongResetCodeVoidsItAndARefusedRequestIsRecordedOncePerHour() {
        String phone = "+15555550117";
        userWithVerifiedPhone(api, outbox, poolId, "ivy", phone);
        forgot("ivy");
        String code = awaitCode(outbox, phone, "RESET_PASSWORD");
        for (int i = 0; i < 5; i++) {
            assertProblem(confirm("ivy", wrong(code), NEW_PASSWORD), 400, "CodeMismatch");
        }
        assertProblem(confirm("ivy", code, NEW_PASSWORD), 400, "CodeMismatch");
        assertProblem(confirm("ivy", "12345x", NEW_PASSWORD), 400, "InvalidParameter");

        // the budget: 1 verification + 1 reset sent; 3 more, then refusals, recorded once
        for (int i = 0; i < 6; i++) {
            forgot("ivy");
        }
        ProjectionsCaughtUp.until(Duration.ofSeconds(10), () -> api.get(user(poolId, "ivy") + "/mfa-history").body()
                .contains("within the hour"), () -> "no refusal recorded");
        ProjectionsCaughtUp.until(Duration.ofSeconds(10), () -> UserFixtures.messagesTo(outbox, phone) == 5,
                () -> "not 5 messages");
        JsonNode history = api.get(user(poolId, "ivy") + "/mfa-history").json().path("items");
        assertThat(history.findValuesAsText("change").stream().filter("PasswordResetRefused"::equals).count())
                .isEqualTo(1);
    }

    @Test
    void aRefusedConfirmationTakesAsLongForAnUnknownUserAsTheFloor() {
        long started = System.nanoTime();
        assertProblem(confirm("nobody-at-all", "123456", NEW_PASSWORD), 400, "CodeMismatch");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(com.authledger.shared.RefusalFloor.FLOOR);
    }

    @Autowired
    com.authledger.support.MutableClock clock;

    private TestApi.Response forgot(String username) {
        return api.post(RestFixtures.POOLS + "/" + poolId + "/forgot-password", "{\"username\":\"" + username + "\"}");
    }

    private TestApi.Response confirm(String username, String code, String password) {
        return api.post(RestFixtures.POOLS + "/" + poolId + "/confirm-forgot-password", "{\"username\":\"" + username
                + "\",\"code\":\"" + code + "\",\"password\":\"" + password + "\"}");
    }
}
