package com.authledger.api.rest;

import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.infra.CommandDispatcher;
import com.authledger.infra.RequestMetadata;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.TestApi;
import com.authledger.user.Results.CodeVerdict;
import com.authledger.user.api.UserCommand;
import com.authledger.user.factor.Totp;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;

import static com.authledger.api.rest.RestFixtures.assertProblem;
import static com.authledger.api.rest.UserFixtures.NEW_PHONE;
import static com.authledger.api.rest.UserFixtures.PHONE;
import static com.authledger.api.rest.UserFixtures.awaitCode;
import static com.authledger.api.rest.UserFixtures.createUser;
import static com.authledger.api.rest.UserFixtures.user;
import static com.authledger.api.rest.UserFixtures.userWithVerifiedPhone;
import static com.authledger.api.rest.UserFixtures.wrong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Phone verification, codes, TOTP enrolment, MFA preferences and recovery codes, rule by rule. */
@IntegrationTest
class UserFactorsApiTest {

    /** Numbers of their own: the outbox keeps every message of the class's tests. */
    private static final String UMA_PHONE = "+15555550150";
    private static final String VICTOR_PHONE = "+15555550151";
    private static final String VERIFY_PHONE = "{\"attribute\":\"phone_number\"}";
    private static final String SMS_ON = "{\"sms\":{\"enabled\":true,\"preferred\":false}}";
    private static final String TOTP_ON = "{\"softwareToken\":{\"enabled\":true,\"preferred\":false}}";

    @LocalServerPort
    int port;

    @Autowired
    DevelopmentOutbox outbox;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    CommandDispatcher commands;

    TestApi api;
    EventStoreProbe events;
    String poolId;
    final Totp totp = new Totp();

    @BeforeEach
    void setUp() {
        api = TestApi.admin(port);
        events = new EventStoreProbe(jdbc);
        poolId = UserFixtures.smsAndTotpPool(api);
    }

    // ---- SMS and phone numbers

    @Test
    void smsMfaNeedsAVerifiedPhoneNumber() {
        createUser(api, poolId, "nophone");
        assertProblem(api.put(user(poolId, "nophone") + "/mfa-preference", SMS_ON), 409, "PhoneNumberMissing");
        createUser(api, poolId, "unverified", "\"phoneNumber\":\"" + PHONE + "\"");
        long before = events.eventCount();

        assertProblem(api.put(user(poolId, "unverified") + "/mfa-preference", SMS_ON), 409, "PhoneNumberNotVerified");
        assertThat(events.eventCount()).isEqualTo(before);

        userWithVerifiedPhone(api, outbox, poolId, "verified", "+15555550101");
        JsonNode enabled = api.put(user(poolId, "verified") + "/mfa-preference", SMS_ON).json();
        assertThat(enabled.path("mfa").path("sms").path("enabled").asBoolean()).isTrue();
        assertThat(enabled.path("signIn").path("step").asText()).isEqualTo("CHALLENGE");
    }

    @Test
    void smsMfaNeedsAPoolThatOffersSms() {
        String totpPool = UserFixtures.totpOnlyPool(api);
        createUser(api, totpPool, "sam", "\"phoneNumber\":\"" + PHONE + "\"", "\"phoneNumberVerified\":true");

        assertProblem(api.put(user(totpPool, "sam") + "/mfa-preference", SMS_ON), 409, "FactorNotSupportedByPool");
        // nor can it send the verification code: the pool has no SMS sender
        createUser(api, totpPool, "tom", "\"phoneNumber\":\"" + PHONE + "\"");
        assertProblem(api.post(user(totpPool, "tom") + "/attribute-verification-code", VERIFY_PHONE), 409,
                "SmsSenderRequired");
    }

    @Test
    void codesAreSingleUseAndTheFifthWrongOneVoidsTheCode() {
        createUser(api, poolId, "uma", "\"phoneNumber\":\"" + UMA_PHONE + "\"");
        api.post(user(poolId, "uma") + "/attribute-verification-code", VERIFY_PHONE);
        String code = awaitCode(outbox, UMA_PHONE, "VERIFY_PHONE_NUMBER");
        for (int i = 1; i <= 4; i++) {
            assertProblem(api.post(user(poolId, "uma") + "/verify-attribute",
                    "{\"attribute\":\"phone_number\",\"code\":\"" + wrong(code) + "\"}"), 400, "CodeMismatch");
        }
        assertProblem(api.post(user(poolId, "uma") + "/verify-attribute",
                "{\"attribute\":\"phone_number\",\"code\":\"" + wrong(code) + "\"}"), 400, "CodeMismatch");

        // the right code no longer works after the fifth wrong one
        assertProblem(api.post(user(poolId, "uma") + "/verify-attribute",
                "{\"attribute\":\"phone_number\",\"code\":\"" + code + "\"}"), 400, "ExpiredCode");
        assertThat(api.get(user(poolId, "uma")).json().path("attributes").path("phoneNumberVerified").asBoolean())
                .isFalse();

        // a fresh code works once
        clock.advance(Duration.ofMinutes(61));
        api.post(user(poolId, "uma") + "/attribute-verification-code", VERIFY_PHONE);
        String fresh = awaitCode(outbox, UMA_PHONE, "VERIFY_PHONE_NUMBER", 1);
        assertThat(api.post(user(poolId, "uma") + "/verify-attribute",
                "{\"attribute\":\"phone_number\",\"code\":\"" + fresh + "\"}").status()).isEqualTo(200);
        assertProblem(api.post(user(poolId, "uma") + "/verify-attribute",
                "{\"attribute\":\"phone_number\",\"code\":\"" + fresh + "\"}"), 400, "ExpiredCode");
    }

    @Test
    void verificationCodesExpireAfter24Hours() {
        createUser(api, poolId, "victor", "\"phoneNumber\":\"" + VICTOR_PHONE + "\"");
        api.post(user(poolId, "victor") + "/attribute-verification-code", VERIFY_PHONE);
        String code = awaitCode(outbox, VICTOR_PHONE, "VERIFY_PHONE_NUMBER");

        clock.advance(Duration.ofHours(24));

        assertProblem(api.post(user(poolId, "victor") + "/verify-attribute",
                "{\"attribute\":\"phone_number\",\"code\":\"" + code + "\"}"), 400, "ExpiredCode");
    }

    @Test
    void atMostFiveCodesAreSentToAUserWithinAnHour() {
        createUser(api, poolId, "wendy", "\"phoneNumber\":\"+15555550102\"");
        for (int i = 0; i < 5; i++) {
            assertThat(api.post(user(poolId, "wendy") + "/attribute-verification-code", VERIFY_PHONE).status())
                    .isEqualTo(200);
        }
        long before = events.eventCount();

        assertProblem(api.post(user(poolId, "wendy") + "/attribute-verification-code", VERIFY_PHONE), 429,
                "LimitExceeded");
        assertThat(events.eventCount()).isEqualTo(before);

        clock.advance(Duration.ofMinutes(61));
        assertThat(api.post(user(poolId, "wendy") + "/attribute-verification-code", VERIFY_PHONE).status())
                .isEqualTo(200);
    }

    @Test
    void aNewNumberStaysPendingWhileTheVerifiedOneServesAndTheOldNumberIsTold() {
        String oldPhone = "+15555550103";
        userWithVerifiedPhone(api, outbox, poolId, "xavier", oldPhone);
        api.put(user(poolId, "xavier") + "/mfa-preference", SMS_ON);

        JsonNode changed = api.header(UserController.INITIATED_BY, "user").put(user(poolId, "xavier")
                + "/phone-number", "{\"phoneNumber\":\"" + NEW_PHONE + "\"}").json();

        assertThat(changed.path("attributes").path("phoneNumber").asText()).isEqualTo(oldPhone);
        assertThat(changed.path("attributes").path("phoneNumberVerified").asBoolean()).isTrue();
        assertThat(changed.path("attributes").path("pendingPhoneNumber").asText()).isEqualTo(NEW_PHONE);
        assertThat(changed.path("mfa").path("sms").path("enabled").asBoolean()).isTrue();
        assertThat(changed.path("signIn").path("usable").toString()).contains("SMS_MFA");
        ProjectionsAwait.until(() -> UserFixtures.newest(outbox, oldPhone, "phone-number-changed").isPresent());

        TestApi.Response sent = api.post(user(poolId, "xavier") + "/attribute-verification-code", VERIFY_PHONE);
        assertThat(sent.json().path("destination").asText()).isEqualTo("+*******0199");
        String code = awaitCode(outbox, NEW_PHONE, "VERIFY_PHONE_NUMBER");
        JsonNode verified = api.post(user(poolId, "xavier") + "/verify-attribute",
                "{\"attribute\":\"phone_number\",\"code\":\"" + code + "\"}").json();

        assertThat(verified.path("attributes").path("phoneNumber").asText()).isEqualTo(NEW_PHONE);
        assertThat(verified.path("attributes").has("pendingPhoneNumber")).isFalse();
        assertThat(verified.path("attributes").path("phoneNumberVerified").asBoolean()).isTrue();
    }

    @Test
    void thePhoneNumberSmsMfaReliesOnCannotBeRemoved() {
        userWithVerifiedPhone(api, outbox, poolId, "yara", "+15555550104");
        api.put(user(poolId, "yara") + "/mfa-preference", SMS_ON);
        long before = events.eventCount();

        assertProblem(api.send("PATCH", user(poolId, "yara") + "/attributes", "{\"phoneNumber\":\"\"}",
                "application/json"), 409, "InvalidUserState");
        assertThat(events.eventCount()).isEqualTo(before);

        api.put(user(poolId, "yara") + "/mfa-preference", "{\"sms\":{\"enabled\":false,\"preferred\":false}}");
        JsonNode removed = api.send("PATCH", user(poolId, "yara") + "/attributes", "{\"phoneNumber\":\"\"}",
                "application/json").json();
        assertThat(removed.path("attributes").has("phoneNumber")).isFalse();
    }

    // ---- TOTP

    @Test
    void totpIsEnabledOnlyAfterAVerifiedAuthenticatorAndVerificationAloneDoesNotEnableIt() {
        createUser(api, poolId, "zoe");
        assertProblem(api.put(user(poolId, "zoe") + "/mfa-preference", TOTP_ON), 409, "SoftwareTokenNotFound");
        assertProblem(api.post(user(poolId, "zoe") + "/software-token/verify", "{\"userCode\":\"123456\"}"), 409,
                "SoftwareTokenNotFound");

        JsonNode associated = api.post(user(poolId, "zoe") + "/software-token", null).json();
        String secret = associated.path("secretCode").asText();
        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(associated.path("otpauthUri").asText())
                .startsWith("otpauth://totp/Acme:zoe?secret=" + secret + "&issuer=Acme");
        // associated but not verified: still no TOTP
        assertProblem(api.put(user(poolId, "zoe") + "/mfa-preference", TOTP_ON), 409, "SoftwareTokenNotFound");
        assertProblem(api.post(user(poolId, "zoe") + "/software-token/verify",
                "{\"userCode\":\"" + wrong(currentCode(secret)) + "\"}"), 400, "CodeMismatch");

        TestApi.Response verified = api.post(user(poolId, "zoe") + "/software-token/verify",
                "{\"userCode\":\"" + currentCode(secret) + "\",\"friendlyDeviceName\":\"Zoe's phone\"}");
        assertThat(verified.json().path("status").asText()).isEqualTo("SUCCESS");
        JsonNode status = api.get(user(poolId, "zoe")).json().path("mfa").path("softwareToken");
        assertThat(status.path("verified").asBoolean()).isTrue();
        assertThat(status.path("enabled").asBoolean()).isFalse();
        assertThat(status.path("friendlyDeviceName").asText()).isEqualTo("Zoe's phone");
        // nothing returns the secret again
        assertThat(api.get(user(poolId, "zoe")).body()).doesNotContain(secret);

        JsonNode enabled = api.put(user(poolId, "zoe") + "/mfa-preference", TOTP_ON).json();
        assertThat(enabled.path("mfa").path("softwareToken").path("enabled").asBoolean()).isTrue();
    }

    @Test
    void totpNeedsAPoolThatOffersIt() {
        String smsPool = RestFixtures.createPool(api, RestFixtures.pool("Sms only", "OPTIONAL", RestFixtures.SMS_ON,
                RestFixtures.SENDER));
        createUser(api, smsPool, "adam");
        long before = events.eventCount();

        assertProblem(api.post(user(smsPool, "adam") + "/software-token", null), 409, "FactorNotSupportedByPool");
        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void aNewAuthenticatorReplacesTheOldOneOnlyOnceVerifiedAndACodeIsAcceptedOnce() {
        String sub = createUser(api, poolId, "beth").path("sub").asText();
        String first = enrol("beth");
        clock.advance(Duration.ofSeconds(90));
        assertThat(check(sub, currentCode(first))).isEqualTo(CodeVerdict.ACCEPTED);
        // the same code again, within its window: refused
        assertThat(check(sub, currentCode(first))).isEqualTo(CodeVerdict.EXPIRED);

        String second = api.post(user(poolId, "beth") + "/software-token", null).json().path("secretCode").asText();
        clock.advance(Duration.ofSeconds(60));
        // pending: the old authenticator keeps working
        assertThat(check(sub, currentCode(first))).isEqualTo(CodeVerdict.ACCEPTED);
        clock.advance(Duration.ofSeconds(60));
        api.post(user(poolId, "beth") + "/software-token/verify", "{\"userCode\":\"" + currentCode(second) + "\"}");
        clock.advance(Duration.ofSeconds(60));

        assertThat(check(sub, currentCode(first))).isEqualTo(CodeVerdict.MISMATCH);
        assertThat(check(sub, currentCode(second))).isEqualTo(CodeVerdict.ACCEPTED);
    }

    @Test
    void aSecondAssociationVoidsTheFirstPendingSecret() {
        createUser(api, poolId, "gus");
        String first = api.post(user(poolId, "gus") + "/software-token", null).json().path("secretCode").asText();
        String second = api.post(user(poolId, "gus") + "/software-token", null).json().path("secretCode").asText();

        assertProblem(api.post(user(poolId, "gus") + "/software-token/verify",
                "{\"userCode\":\"" + currentCode(first) + "\"}"), 400, "CodeMismatch");
        assertThat(api.post(user(poolId, "gus") + "/software-token/verify",
                "{\"userCode\":\"" + currentCode(second) + "\"}").status()).isEqualTo(200);
    }

    @Test
    void totpCannotBeEnabledOnceThePoolStopsOfferingIt() {
        createUser(api, poolId, "hal");
        enrol("hal");
        assertThat(api.put(RestFixtures.mfaConfigPath(poolId), RestFixtures.config("OPTIONAL", RestFixtures.SMS_ON,
                RestFixtures.SENDER)).status()).isEqualTo(200);
        long before = events.eventCount();

        assertProblem(api.put(user(poolId, "hal") + "/mfa-preference", TOTP_ON), 409, "FactorNotSupportedByPool");
        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void anAdminResetOfTheAuthenticatorTurnsTotpOff() {
        createUser(api, poolId, "carl");
        enrol("carl");
        api.put(user(poolId, "carl") + "/mfa-preference", "{\"softwareToken\":{\"enabled\":true,\"preferred\":true}}");

        JsonNode reset = api.send("DELETE", user(poolId, "carl") + "/software-token", null, null).json();

        assertThat(reset.path("mfa").path("softwareToken").path("enabled").asBoolean()).isFalse();
        assertThat(reset.path("mfa").path("softwareToken").path("verified").asBoolean()).isFalse();
        assertThat(reset.path("mfa").has("preferredMfa")).isFalse();
        assertProblem(api.put(user(poolId, "carl") + "/mfa-preference", TOTP_ON), 409, "SoftwareTokenNotFound");
    }

    // ---- preferences

    @Test
    void atMostOneFactorIsPreferred() {
        userWithVerifiedPhone(api, outbox, poolId, "dora", "+15555550105");
        enrol("dora");
        api.put(user(poolId, "dora") + "/mfa-preference", "{\"sms\":{\"enabled\":true,\"preferred\":true},"
                + "\"softwareToken\":{\"enabled\":true,\"preferred\":false}}");

        JsonNode switched = api.put(user(poolId, "dora") + "/mfa-preference",
                "{\"softwareToken\":{\"enabled\":true,\"preferred\":true}}").json().path("mfa");

        assertThat(switched.path("preferredMfa").asText()).isEqualTo("SOFTWARE_TOKEN_MFA");
        assertThat(switched.path("sms").path("enabled").asBoolean()).isTrue();
        assertThat(switched.path("sms").path("preferred").asBoolean()).isFalse();
    }

    // ---- recovery codes

    @Test
    void recoveryCodesAreTenSingleUseCodesAndANewSetVoidsTheOld() {
        String sub = createUser(api, poolId, "erin").path("sub").asText();
        List<String> first = codes(api.post(user(poolId, "erin") + "/recovery-codes", null).json());

        assertThat(first).hasSize(10).allMatch(code -> code.matches("[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}"));
        assertThat(new HashSet<>(first)).hasSize(10);
        assertThat(redeem(sub, first.get(0))).isTrue();
        assertThat(redeem(sub, first.get(0))).isFalse();
        assertThat(redeem(sub, first.get(1).toUpperCase().replace("-", " "))).isTrue();

        List<String> second = codes(api.post(user(poolId, "erin") + "/recovery-codes", null).json());
        assertThat(redeem(sub, first.get(2))).isFalse();
        assertThat(redeem(sub, second.get(0))).isTrue();
        ProjectionsAwait.until(() -> api.get(user(poolId, "erin")).json().path("mfa").path("recoveryCodesLeft")
                .asInt() == 9);
    }

    // ---- the audit trail

    @Test
    void userLevelChangesJoinTheAuditTrailWithTheirActorAndInitiator() {
        createUser(api, poolId, "fay");
        enrol("fay");
        api.header(UserController.INITIATED_BY, "user").put(user(poolId, "fay") + "/mfa-preference", TOTP_ON);
        api.send("DELETE", user(poolId, "fay") + "/software-token", null, null);

        JsonNode history = api.get(user(poolId, "fay") + "/mfa-history").json().path("items");

        assertThat(history).extracting(e -> e.path("change").asText())
                .containsExactly("UserRegistered", "SoftwareTokenVerified", "MfaPreferenceChanged",
                        "SoftwareTokenReset");
        JsonNode enabled = history.get(2);
        assertThat(enabled.path("scope").asText()).isEqualTo("user");
        assertThat(enabled.path("username").asText()).isEqualTo("fay");
        assertThat(enabled.path("actor").asText()).isEqualTo("apikey:test-admin");
        assertThat(enabled.path("initiatedBy").asText()).isEqualTo("USER");
        assertThat(enabled.path("before").path("softwareTokenMfaEnabled").asBoolean()).isFalse();
        assertThat(enabled.path("after").path("softwareTokenMfaEnabled").asBoolean()).isTrue();
        assertThat(history.get(3).path("initiatedBy").asText()).isEqualTo("ADMIN");
        // and the pool's trail shows them next to the pool's own changes
        assertThat(api.get(RestFixtures.POOLS + "/" + poolId + "/mfa-config/history").json().path("items").toString())
                .contains("SoftwareTokenReset");
    }

    // ---- helpers

    private String enrol(String username) {
        String secret = api.post(user(poolId, username) + "/software-token", null).json().path("secretCode").asText();
        TestApi.Response verified = api.post(user(poolId, username) + "/software-token/verify",
                "{\"userCode\":\"" + currentCode(secret) + "\"}");
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        return secret;
    }

    private String currentCode(String secret) {
        return totp.codeAt(secret, Totp.step(clock.instant()));
    }

    private CodeVerdict check(String sub, String code) {
        return switch (authenticate(sub, code).outcome()) {
            case ACCEPTED -> CodeVerdict.ACCEPTED;
            case REPLAYED -> CodeVerdict.EXPIRED;
            default -> CodeVerdict.MISMATCH;
        };
    }

    private boolean redeem(String sub, String code) {
        return authenticate(sub, code).accepted();
    }

    private com.authledger.user.Results.StepVerdict authenticate(String sub, String code) {
        return commands.send(new UserCommand.AuthenticateSignInStep(sub,
                        com.authledger.user.SignInRequirement.Factor.SOFTWARE_TOKEN_MFA, code, false, null), origin(),
                new AuthledgerException(ErrorCode.UserNotFound, "missing"));
    }

    private static RequestMetadata origin() {
        return new RequestMetadata("test", "127.0.0.1", "test", "req-1", null);
    }

    private static List<String> codes(JsonNode body) {
        return java.util.stream.StreamSupport.stream(body.path("recoveryCodes").spliterator(), false)
                .map(JsonNode::asText).toList();
    }

    /** Polls briefly for what happens after commit. */
    static final class ProjectionsAwait {
        static void until(java.util.function.BooleanSupplier condition) {
            com.authledger.support.ProjectionsCaughtUp.until(Duration.ofSeconds(10), condition, () -> "timed out");
        }
    }
}
