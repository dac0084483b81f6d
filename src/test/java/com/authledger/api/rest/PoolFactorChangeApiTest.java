package com.authledger.api.rest;

import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.ProjectionsCaughtUp;
import com.authledger.support.TestApi;
import com.authledger.user.factor.Totp;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;

import static com.authledger.api.rest.RestFixtures.SENDER;
import static com.authledger.api.rest.RestFixtures.SMS_ON;
import static com.authledger.api.rest.RestFixtures.TOTP_ON;
import static com.authledger.api.rest.RestFixtures.assertProblem;
import static com.authledger.api.rest.RestFixtures.config;
import static com.authledger.api.rest.RestFixtures.mfaConfigPath;
import static com.authledger.api.rest.UserFixtures.createUser;
import static com.authledger.api.rest.UserFixtures.user;
import static com.authledger.api.rest.UserFixtures.userWithVerifiedPhone;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 8: a factor the pool stops offering stays enrolled but is not usable, comes back with the pool's offer, and
 * the users whose sign-in changes are told when the change asks for it.
 */
@IntegrationTest
class PoolFactorChangeApiTest {

    private static final String SMS_USER_PHONE = "+15555550120";
    private static final String BYSTANDER_PHONE = "+15555550121";
    private static final String TOTP_USER_EMAIL = "totp.user@example.com";

    @LocalServerPort
    int port;

    @Autowired
    DevelopmentOutbox outbox;

    @Autowired
    MutableClock clock;

    @Test
    void disablingAFactorKeepsEnrolmentsMakesThemUnusableAndTellsTheAffectedUsers() {
        TestApi api = TestApi.admin(port);
        String poolId = UserFixtures.smsAndTotpPool(api);
        userWithVerifiedPhone(api, outbox, poolId, "smsuser", SMS_USER_PHONE);
        api.put(user(poolId, "smsuser") + "/mfa-preference", "{\"sms\":{\"enabled\":true,\"preferred\":true}}");
        createUser(api, poolId, "totpuser", "\"email\":\"" + TOTP_USER_EMAIL + "\"", "\"emailVerified\":true");
        String secret = api.post(user(poolId, "totpuser") + "/software-token", null).json().path("secretCode")
                .asText();
        api.post(user(poolId, "totpuser") + "/software-token/verify", "{\"userCode\":\""
                + new Totp().codeAt(secret, Totp.step(clock.instant())) + "\"}");
        api.put(user(poolId, "totpuser") + "/mfa-preference", "{\"softwareToken\":{\"enabled\":true,\"preferred\":true}}");
        userWithVerifiedPhone(api, outbox, poolId, "bystander", BYSTANDER_PHONE);

        // SMS off, notifying: only the SMS user's sign-in changes
        TestApi.Response smsOff = api.put(mfaConfigPath(poolId), "{\"mfaMode\":\"OPTIONAL\"," + TOTP_ON + ","
                + SENDER + ",\"notifyUsers\":true}");

        assertThat(smsOff.status()).as(smsOff.toString()).isEqualTo(200);
        assertThat(smsOff.json().path("notifiedUsers").asInt()).isEqualTo(1);
        String notice = awaitMessage(SMS_USER_PHONE, "mfa-changed");
        assertThat(notice).isEqualTo("Signing in to Acme no longer asks for a second factor.");
        assertThat(UserFixtures.newest(outbox, BYSTANDER_PHONE, "mfa-changed")).isEmpty();
        JsonNode smsUser = api.get(user(poolId, "smsuser")).json();
        assertThat(smsUser.path("mfa").path("sms").path("enabled").asBoolean()).isTrue();
        assertThat(smsUser.path("signIn").path("step").asText()).isEqualTo("PASSWORD_ONLY");
        assertThat(smsUser.path("signIn").path("usable")).isEmpty();
        JsonNode history = api.get(RestFixtures.historyPath(poolId)).json().path("items");
        assertThat(history.get(history.size() - 1).path("notifiedUsers").asInt()).isEqualTo(1);
        // nobody enables what the pool does not offer
        assertProblem(api.put(user(poolId, "bystander") + "/mfa-preference",
                "{\"sms\":{\"enabled\":true,\"preferred\":false}}"), 409, "FactorNotSupportedByPool");

        // SMS back, not notifying: the enrolment is usable again at once, nobody is told
        TestApi.Response smsBack = api.put(mfaConfigPath(poolId), config("OPTIONAL", SMS_ON, TOTP_ON, SENDER));
        assertThat(smsBack.json().has("notifiedUsers")).isFalse();
        assertThat(api.get(user(poolId, "smsuser")).json().path("signIn").path("usable").toString())
                .isEqualTo("[\"SMS_MFA\"]");

        // MFA off: both users with a factor are told, the TOTP user by email
        TestApi.Response off = api.put(mfaConfigPath(poolId), "{\"mfaMode\":\"OFF\"," + SMS_ON + "," + TOTP_ON + ","
                + SENDER + ",\"notifyUsers\":true}");
        assertThat(off.json().path("notifiedUsers").asInt()).isEqualTo(2);
        assertThat(awaitMessage(TOTP_USER_EMAIL, "mfa-changed"))
                .isEqualTo("Signing in to Acme no longer asks for a second factor.");
    }

    private String awaitMessage(String destination, String purpose) {
        ProjectionsCaughtUp.until(Duration.ofSeconds(10),
                () -> UserFixtures.newest(outbox, destination, purpose).isPresent(), () -> "no " + purpose);
        return UserFixtures.newest(outbox, destination, purpose).orElseThrow();
    }
}
