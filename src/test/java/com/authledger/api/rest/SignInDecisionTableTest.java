package com.authledger.api.rest;

import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.ProjectionsCaughtUp;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;

import static com.authledger.api.rest.RestFixtures.SENDER;
import static com.authledger.api.rest.RestFixtures.SMS_ON;
import static com.authledger.api.rest.RestFixtures.TOTP_ON;
import static com.authledger.api.rest.RestFixtures.assertProblem;
import static com.authledger.api.rest.SignInFixtures.associate;
import static com.authledger.api.rest.SignInFixtures.challenge;
import static com.authledger.api.rest.SignInFixtures.claims;
import static com.authledger.api.rest.SignInFixtures.confirmedUser;
import static com.authledger.api.rest.SignInFixtures.enrolTotp;
import static com.authledger.api.rest.SignInFixtures.initiate;
import static com.authledger.api.rest.SignInFixtures.preference;
import static com.authledger.api.rest.SignInFixtures.respond;
import static com.authledger.api.rest.SignInFixtures.smsAnswer;
import static com.authledger.api.rest.SignInFixtures.smsCode;
import static com.authledger.api.rest.SignInFixtures.smsCount;
import static com.authledger.api.rest.SignInFixtures.smsUser;
import static com.authledger.api.rest.SignInFixtures.tokens;
import static com.authledger.api.rest.SignInFixtures.totpAnswer;
import static com.authledger.api.rest.SignInFixtures.totpCode;
import static com.authledger.api.rest.SignInFixtures.userWithPhone;
import static com.authledger.api.rest.SignInFixtures.verifyInSession;
import static com.authledger.api.rest.UserFixtures.PASSWORD;
import static com.authledger.api.rest.UserFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in decision table of issue 4, one test per row: what InitiateAuth answers after the right password, for
 * each user status, pool MFA mode and set of usable factors, and how each challenge is answered.
 */
@IntegrationTest
class SignInDecisionTableTest {

    private static final String NEW_PASSWORD = "Brand-New-Pass-9";

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
    }

    @Test
    void aTemporaryPasswordAsksForANewOneFirstThenTheMfaChallenge() {
        String poolId = SignInFixtures.smsAndTotpPool(api, "Force change");
        String clientId = SignInFixtures.client(api, poolId);
        String phone = "+15555550401";
        UserFixtures.createUser(api, poolId, "fiona", "\"phoneNumber\":\"" + phone + "\"",
                "\"phoneNumberVerified\":true");
        preference(api, poolId, "fiona", "{\"sms\":{\"enabled\":true,\"preferred\":true}}");

        TestApi.Response started = initiate(api, poolId, clientId, "fiona", PASSWORD);
        String session = challenge(started, "NEW_PASSWORD_REQUIRED");
        JsonNode parameters = started.json().path("challengeParameters");
        assertThat(parameters.path("userAttributes").asText()).isEqualTo("{}");
        assertThat(parameters.path("requiredAttributes").asText()).isEqualTo("[]");
        assertThat(parameters.path("USER_ID_FOR_SRP").asText()).isNotBlank();

        long before = events.eventCount();
        assertProblem(respond(api, poolId, clientId, "NEW_PASSWORD_REQUIRED", session,
                "{\"NEW_PASSWORD\":\"short\"}"), 400, "InvalidPassword");
        assertProblem(respond(api, poolId, clientId, "NEW_PASSWORD_REQUIRED", session, "{}"), 400,
                "InvalidParameter");
        assertThat(events.eventCount()).as("a refused new password appends nothing").isEqualTo(before);

        // the session is still good for a password that keeps the policy, and the MFA challenge follows
        String sms = challenge(respond(api, poolId, clientId, "NEW_PASSWORD_REQUIRED", session,
                "{\"NEW_PASSWORD\":\"" + NEW_PASSWORD + "\"}"), "SMS_MFA");
        tokens(respond(api, poolId, clientId, "SMS_MFA", sms, smsAnswer(smsCode(outbox, phone, 0))));

        awaitUser(poolId, "fiona", u -> u.path("status").asText().equals("CONFIRMED"));
        assertProblem(initiate(api, poolId, clientId, "fiona", PASSWORD), 400, "NotAuthorized");
        challenge(initiate(api, poolId, clientId, "fiona", NEW_PASSWORD), "SMS_MFA");
    }

    @Test
    void anOffPoolAnswersTokensForThePasswordAlone() {
        String poolId = SignInFixtures.pool(api, "Off row", "OFF");
        String clientId = SignInFixtures.client(api, poolId);
        confirmedUser(api, poolId, "otto");

        JWTClaimsSet access = claims(tokens(initiate(api, poolId, clientId, "otto", PASSWORD))
                .path("accessToken").asText());
        assertThat(access.getClaim("amr")).isEqualTo(List.of("pwd"));
    }

    @Test
    void anOptionalPoolAnswersTokensToAUserWithoutAnEnabledFactor() {
        String poolId = SignInFixtures.smsAndTotpPool(api, "Optional none");
        String clientId = SignInFixtures.client(api, poolId);
        userWithPhone(api, poolId, "nora", "+15555550402");

        JWTClaimsSet id = claims(tokens(initiate(api, poolId, clientId, "nora", PASSWORD)).path("idToken").asText());
        assertThat(id.getClaim("amr")).isEqualTo(List.of("pwd"));
        assertThat(smsCount(outbox, "+15555550402")).isZero();
    }

    @Test
    void theOnlyUsableFactorSmsIsChallengedWithACodeToTheMaskedVerifiedPhone() throws Exception {
        String poolId = SignInFixtures.smsAndTotpPool(api, "Sms row");
        String clientId = SignInFixtures.client(api, poolId);
        String phone = "+15555550403";
        String sub = smsUser(api, poolId, "sid", phone).path("sub").asText();

        TestApi.Response started = initiate(api, poolId, clientId, "sid", PASSWORD);
        String session = challenge(started, "SMS_MFA");
        JsonNode parameters = started.json().path("challengeParameters");
        assertThat(parameters.path("CODE_DELIVERY_DESTINATION").asText()).isEqualTo("+*******0403");
        assertThat(parameters.path("CODE_DELIVERY_DELIVERY_MEDIUM").asText()).isEqualTo("SMS");
        assertThat(parameters.path("USER_ID_FOR_SRP").asText()).isEqualTo(sub);

        JsonNode result = tokens(respond(api, poolId, clientId, "SMS_MFA", session,
                smsAnswer(smsCode(outbox, phone, 0))));
        JWTClaimsSet id = claims(result.path("idToken").asText());
        assertThat(id.getClaim("amr")).isEqualTo(List.of("pwd", "sms", "mfa"));
        assertThat(id.getBooleanClaim("phone_number_verified")).isTrue();
    }

    @Test
    void anSmsCodeAnswersOnlyTheSignInItWasSentFor() {
        String poolId = SignInFixtures.smsAndTotpPool(api, "Sms bound");
        String clientId = SignInFixtures.client(api, poolId);
        String phone = "+15555550413";
        smsUser(api, poolId, "bo", phone);

        String first = challenge(initiate(api, poolId, clientId, "bo", PASSWORD), "SMS_MFA");
        String firstCode = smsCode(outbox, phone, 0);
        String second = challenge(initiate(api, poolId, clientId, "bo", PASSWORD), "SMS_MFA");
        String secondCode = smsCode(outbox, phone, 1);
        org.junit.jupiter.api.Assumptions.assumeFalse(firstCode.equals(secondCode), "two equal random codes");

        assertProblem(respond(api, poolId, clientId, "SMS_MFA", second, smsAnswer(firstCode)), 400, "CodeMismatch");
        tokens(respond(api, poolId, clientId, "SMS_MFA", second, smsAnswer(secondCode)));
        tokens(respond(api, poolId, clientId, "SMS_MFA", first, smsAnswer(firstCode)));
    }

    @Test
    void theOnlyUsableFactorTotpIsChallengedWithSoftwareTokenMfa() throws Exception {
        String poolId = SignInFixtures.smsAndTotpPool(api, "Totp row");
        String clientId = SignInFixtures.client(api, poolId);
        String sub = confirmedUser(api, poolId, "tina").path("sub").asText();
        String secret = enrolTotp(api, clock, poolId, "tina");

        TestApi.Response started = initiate(api, poolId, clientId, "tina", PASSWORD);
        String session = challenge(started, "SOFTWARE_TOKEN_MFA");
        assertThat(started.json().path("challengeParameters").path("USER_ID_FOR_SRP").asText()).isEqualTo(sub);
        assertThat(started.json().path("challengeParameters").has("CODE_DELIVERY_DESTINATION")).isFalse();

        JsonNode result = tokens(respond(api, poolId, clientId, "SOFTWARE_TOKEN_MFA", session,
                totpAnswer(totpCode(clock, secret))));
        assertThat(claims(result.path("accessToken").asText()).getClaim("amr"))
                .isEqualTo(List.of("pwd", "otp", "mfa"));
    }

    @Test
    void severalUsableFactorsWithOnePreferredChallengeThePreferredOne() {
        String poolId = SignInFixtures.smsAndTotpPool(api, "Preferred row");
        String clientId = SignInFixtures.client(api, poolId);
        String phone = "+15555550404";
        smsUser(api, poolId, "pia", phone);
        String secret = enrolTotp(api, clock, poolId, "pia");

        preference(api, poolId, "pia", "{\"sms\":{\"enabled\":true,\"preferred\":true}}");
        challenge(initiate(api, poolId, clientId, "pia", PASSWORD), "SMS_MFA");

        preference(api, poolId, "pia", "{\"softwareToken\":{\"enabled\":true,\"preferred\":true}}");
        String session = challenge(initiate(api, poolId, clientId, "pia", PASSWORD), "SOFTWARE_TOKEN_MFA");
        tokens(respond(api, poolId, clientId, "SOFTWARE_TOKEN_MFA", session, totpAnswer(totpCode(clock, secret))));
        assertThat(smsCount(outbox, phone)).as("only the SMS_MFA sign-in sent a text").isEqualTo(1);
    }

    @Test
    void severalUsableFactorsNonePreferredAskTheUserToChooseThenChallengeTheChoice() throws Exception {
        String poolId = SignInFixtures.smsAndTotpPool(api, "Select row");
        String clientId = SignInFixtures.client(api, poolId);
        String phone = "+15555550405";
        String sub = smsUser(api, poolId, "sel", phone).path("sub").asText();
        String secret = enrolTotp(api, clock, poolId, "sel");

        TestApi.Response started = initiate(api, poolId, clientId, "sel", PASSWORD);
        String select = challenge(started, "SELECT_MFA_TYPE");
        assertThat(started.json().path("challengeParameters").path("MFAS_CAN_CHOOSE").asText())
                .isEqualTo("[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]");
        assertThat(started.json().path("challengeParameters").path("USER_ID_FOR_SRP").asText()).isEqualTo(sub);
        assertThat(smsCount(outbox, phone)).as("no text before the choice").isZero();

        long before = events.eventCount();
        assertProblem(respond(api, poolId, clientId, "SELECT_MFA_TYPE", select, "{\"ANSWER\":\"EMAIL_OTP\"}"), 400,
                "MfaMethodNotFound");
        assertProblem(respond(api, poolId, clientId, "SELECT_MFA_TYPE", select, "{}"), 400, "InvalidParameter");
        assertThat(events.eventCount()).isEqualTo(before);

        TestApi.Response chosen = respond(api, poolId, clientId, "SELECT_MFA_TYPE", select,
                "{\"ANSWER\":\"SMS_MFA\"}");
        String sms = challenge(chosen, "SMS_MFA");
        assertThat(chosen.json().path("challengeParameters").path("CODE_DELIVERY_DESTINATION").asText())
                .isEqualTo("+*******0405");
        JsonNode bySms = tokens(respond(api, poolId, clientId, "SMS_MFA", sms, smsAnswer(smsCode(outbox, phone, 0))));
        assertThat(claims(bySms.path("idToken").asText()).getClaim("amr")).isEqualTo(List.of("pwd", "sms", "mfa"));

        String again = challenge(initiate(api, poolId, clientId, "sel", PASSWORD), "SELECT_MFA_TYPE");
        String totp = challenge(respond(api, poolId, clientId, "SELECT_MFA_TYPE", again,
                "{\"ANSWER\":\"SOFTWARE_TOKEN_MFA\"}"), "SOFTWARE_TOKEN_MFA");
        JsonNode byTotp = tokens(respond(api, poolId, clientId, "SOFTWARE_TOKEN_MFA", totp,
                totpAnswer(totpCode(clock, secret))));
        assertThat(claims(byTotp.path("idToken").asText()).getClaim("amr")).isEqualTo(List.of("pwd", "otp", "mfa"));
        assertThat(smsCount(outbox, phone)).isEqualTo(1);
    }

    @Test
    void aRequiredPoolWithoutAUsableFactorEnrolsAnAuthenticatorInsideTheFlow() {
        String poolId = SignInFixtures.pool(api, "Required totp", "REQUIRED", TOTP_ON);
        String clientId = SignInFixtures.client(api, poolId);
        confirmedUser(api, poolId, "reg");

        TestApi.Response started = initiate(api, poolId, clientId, "reg", PASSWORD);
        String setUp = challenge(started, "MFA_SETUP");
        assertThat(started.json().path("challengeParameters").path("MFAS_CAN_SETUP").asText())
                .isEqualTo("[\"SOFTWARE_TOKEN_MFA\"]");
        assertThat(started.json().path("challengeParameters").path("USER_ID_FOR_SRP").asText()).isNotBlank();

        // finishing before the authenticator is verified is refused, and the session still serves
        assertProblem(respond(api, poolId, clientId, "MFA_SETUP", setUp, "{}"), 409, "InvalidUserState");
        assertProblem(verifyInSession(api, poolId, setUp, "123456"), 409, "SoftwareTokenNotFound");

        TestApi.Response associated = associate(api, poolId, setUp);
        assertThat(associated.status()).as(associated.toString()).isEqualTo(200);
        String secret = associated.json().path("secretCode").asText();
        String afterAssociate = associated.json().path("session").asText();
        assertThat(afterAssociate).isNotEqualTo(setUp);

        TestApi.Response verified = verifyInSession(api, poolId, afterAssociate, totpCode(clock, secret));
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        assertThat(verified.json().path("status").asText()).isEqualTo("SUCCESS");
        String afterVerify = verified.json().path("session").asText();

        JsonNode result = tokens(respond(api, poolId, clientId, "MFA_SETUP", afterVerify, "{}"));
        assertThat(claims(result.path("idToken").asText()).getClaim("amr")).isEqualTo(List.of("pwd", "otp", "mfa"));
        awaitUser(poolId, "reg", u -> u.path("mfa").path("softwareToken").path("enabled").asBoolean());

        clock.advance(Duration.ofSeconds(30));
        String next = challenge(initiate(api, poolId, clientId, "reg", PASSWORD), "SOFTWARE_TOKEN_MFA");
        tokens(respond(api, poolId, clientId, "SOFTWARE_TOKEN_MFA", next, totpAnswer(totpCode(clock, secret))));
    }

    @Test
    void aRequiredPoolSetsUpSmsWithACodeToTheUnverifiedPhoneWhichItThenVerifies() throws Exception {
        String poolId = RestFixtures.createPool(api, RestFixtures.pool("Required sms", "REQUIRED", SMS_ON, TOTP_ON,
                SENDER));
        String clientId = SignInFixtures.client(api, poolId);
        String phone = "+15555550406";
        confirmedUser(api, poolId, "ursula", "\"phoneNumber\":\"" + phone + "\"");
        assertThat(phoneVerified(poolId, "ursula")).isFalse();

        TestApi.Response started = initiate(api, poolId, clientId, "ursula", PASSWORD);
        String setUp = challenge(started, "MFA_SETUP");
        assertThat(started.json().path("challengeParameters").path("MFAS_CAN_SETUP").asText())
                .isEqualTo("[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]");

        TestApi.Response chosen = respond(api, poolId, clientId, "MFA_SETUP", setUp, "{\"ANSWER\":\"SMS_MFA\"}");
        String sms = challenge(chosen, "SMS_MFA");
        assertThat(chosen.json().path("challengeParameters").path("CODE_DELIVERY_DESTINATION").asText())
                .isEqualTo("+*******0406");
        String code = smsCode(outbox, phone, 0);

        assertProblem(respond(api, poolId, clientId, "SMS_MFA", sms, smsAnswer(UserFixtures.wrong(code))), 400,
                "CodeMismatch");
        assertThat(phoneVerified(poolId, "ursula")).as("a wrong code verifies nothing").isFalse();

        JsonNode result = tokens(respond(api, poolId, clientId, "SMS_MFA", sms, smsAnswer(code)));
        JWTClaimsSet id = claims(result.path("idToken").asText());
        assertThat(id.getBooleanClaim("phone_number_verified")).isTrue();
        assertThat(id.getClaim("amr")).isEqualTo(List.of("pwd", "sms", "mfa"));
        awaitUser(poolId, "ursula", u -> u.path("attributes").path("phoneNumberVerified").asBoolean()
                && u.path("mfa").path("sms").path("enabled").asBoolean());

        // SMS MFA is now the user's factor
        String next = challenge(initiate(api, poolId, clientId, "ursula", PASSWORD), "SMS_MFA");
        tokens(respond(api, poolId, clientId, "SMS_MFA", next, smsAnswer(smsCode(outbox, phone, 1))));
    }

    @Test
    void aPhoneNumberChangedToAnUnverifiedOneIsNotTheSmsFactor() {
        String poolId = SignInFixtures.smsAndTotpPool(api, "Unverified phone");
        String clientId = SignInFixtures.client(api, poolId);
        String verified = "+15555550407";
        String unverified = "+15555550408";
        smsUser(api, poolId, "vic", verified);
        TestApi.Response changed = api.put(user(poolId, "vic") + "/phone-number",
                "{\"phoneNumber\":\"" + unverified + "\"}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);

        TestApi.Response started = initiate(api, poolId, clientId, "vic", PASSWORD);
        String session = challenge(started, "SMS_MFA");
        assertThat(started.json().path("challengeParameters").path("CODE_DELIVERY_DESTINATION").asText())
                .as("the verified number keeps serving until the new one is verified").isEqualTo("+*******0407");
        tokens(respond(api, poolId, clientId, "SMS_MFA", session, smsAnswer(smsCode(outbox, verified, 0))));
        assertThat(smsCount(outbox, unverified)).as("no sign-in code to the unverified number").isZero();
    }

    @Test
    void anOptionalPoolUserWhosePhoneIsUnverifiedIsNotChallengedWithSms() {
        String poolId = SignInFixtures.smsAndTotpPool(api, "Unverified only");
        String clientId = SignInFixtures.client(api, poolId);
        String phone = "+15555550409";
        confirmedUser(api, poolId, "ulla", "\"phoneNumber\":\"" + phone + "\"");
        assertProblem(api.put(user(poolId, "ulla") + "/mfa-preference",
                "{\"sms\":{\"enabled\":true,\"preferred\":false}}"), 409, "PhoneNumberNotVerified");

        tokens(initiate(api, poolId, clientId, "ulla", PASSWORD));
        assertThat(smsCount(outbox, phone)).isZero();
    }

    @Test
    void aFactorThePoolStoppedOfferingIsNotChallenged() {
        String poolId = SignInFixtures.smsAndTotpPool(api, "Stopped offering");
        String clientId = SignInFixtures.client(api, poolId);
        String phone = "+15555550410";
        smsUser(api, poolId, "stan", phone);
        enrolTotp(api, clock, poolId, "stan");
        confirmedUser(api, poolId, "tess");
        enrolTotp(api, clock, poolId, "tess");

        String select = challenge(initiate(api, poolId, clientId, "stan", PASSWORD), "SELECT_MFA_TYPE");
        TestApi.Response reconfigured = api.put(RestFixtures.mfaConfigPath(poolId),
                RestFixtures.config("OPTIONAL", SMS_ON, RestFixtures.TOTP_OFF, SENDER));
        assertThat(reconfigured.status()).as(reconfigured.toString()).isEqualTo(200);

        // a choice made after the pool stopped offering it is refused; a new sign-in goes straight to SMS
        assertProblem(respond(api, poolId, clientId, "SELECT_MFA_TYPE", select, "{\"ANSWER\":\"SOFTWARE_TOKEN_MFA\"}"),
                400, "MfaMethodNotFound");
        challenge(initiate(api, poolId, clientId, "stan", PASSWORD), "SMS_MFA");
        // a user whose only factor is no longer offered signs in with the password (OPTIONAL pool)
        tokens(initiate(api, poolId, clientId, "tess", PASSWORD));
    }

    @Test
    void anUnconfirmedUserIsToldSoOnlyAfterTheRightPassword() {
        String poolId = SignInFixtures.smsAndTotpPool(api, "Unconfirmed");
        String clientId = SignInFixtures.client(api, poolId);
        TestApi.Response signedUp = api.post(RestFixtures.POOLS + "/" + poolId + "/sign-up",
                "{\"username\":\"una\",\"password\":\"" + PASSWORD + "\",\"phoneNumber\":\"+15555550411\"}");
        assertThat(signedUp.status()).as(signedUp.toString()).isEqualTo(201);

        assertProblem(initiate(api, poolId, clientId, "una", "Wrong-Password-1"), 400, "NotAuthorized");
        long before = events.eventCount();
        JsonNode refused = assertProblem(initiate(api, poolId, clientId, "una", PASSWORD), 409, "UserNotConfirmed");
        assertThat(refused.path("detail").asText()).isEqualTo("User is not confirmed.");
        assertThat(events.eventCount()).as("no sign-in was started").isEqualTo(before);
    }

    @Test
    void aUserWhosePasswordWasResetMustSetANewOneFirst() {
        String poolId = SignInFixtures.smsAndTotpPool(api, "Reset required");
        String clientId = SignInFixtures.client(api, poolId);
        confirmedUser(api, poolId, "rita");
        TestApi.Response reset = api.post(user(poolId, "rita") + "/password-reset", null);
        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);

        assertProblem(initiate(api, poolId, clientId, "rita", "Wrong-Password-1"), 400, "NotAuthorized");
        assertProblem(initiate(api, poolId, clientId, "rita", PASSWORD), 409, "PasswordResetRequired");
    }

    @Test
    void aRecoveryCodeAnswersATotpChallengeOnce() throws Exception {
        String poolId = SignInFixtures.smsAndTotpPool(api, "Recovery totp");
        String clientId = SignInFixtures.client(api, poolId);
        confirmedUser(api, poolId, "rory");
        enrolTotp(api, clock, poolId, "rory");
        List<String> codes = recoveryCodes("rory", poolId);

        String session = challenge(initiate(api, poolId, clientId, "rory", PASSWORD), "SOFTWARE_TOKEN_MFA");
        JsonNode result = tokens(respond(api, poolId, clientId, "SOFTWARE_TOKEN_MFA", session,
                totpAnswer(codes.get(0))));
        assertThat(claims(result.path("idToken").asText()).getClaim("amr"))
                .isEqualTo(List.of("pwd", "recovery-code", "mfa"));

        String again = challenge(initiate(api, poolId, clientId, "rory", PASSWORD), "SOFTWARE_TOKEN_MFA");
        assertProblem(respond(api, poolId, clientId, "SOFTWARE_TOKEN_MFA", again, totpAnswer(codes.get(0))), 400,
                "CodeMismatch");
        tokens(respond(api, poolId, clientId, "SOFTWARE_TOKEN_MFA", again, totpAnswer(codes.get(1))));
    }

    @Test
    void aRecoveryCodeAnswersAnSmsChallengeOnce() throws Exception {
        String poolId = SignInFixtures.smsAndTotpPool(api, "Recovery sms");
        String clientId = SignInFixtures.client(api, poolId);
        smsUser(api, poolId, "rosa", "+15555550412");
        List<String> codes = recoveryCodes("rosa", poolId);

        String session = challenge(initiate(api, poolId, clientId, "rosa", PASSWORD), "SMS_MFA");
        JsonNode result = tokens(respond(api, poolId, clientId, "SMS_MFA", session, smsAnswer(codes.get(2))));
        assertThat(claims(result.path("accessToken").asText()).getClaim("amr"))
                .isEqualTo(List.of("pwd", "recovery-code", "mfa"));

        String again = challenge(initiate(api, poolId, clientId, "rosa", PASSWORD), "SMS_MFA");
        assertProblem(respond(api, poolId, clientId, "SMS_MFA", again, smsAnswer(codes.get(2))), 400,
                "CodeMismatch");
    }

    private boolean phoneVerified(String poolId, String username) {
        return api.get(user(poolId, username)).json().path("attributes").path("phoneNumberVerified").asBoolean();
    }

    /** Waits until the user's projection satisfies the condition (the read side follows the events). */
    private void awaitUser(String poolId, String username, java.util.function.Predicate<JsonNode> condition) {
        ProjectionsCaughtUp.until(Duration.ofSeconds(10), () -> condition.test(api.get(user(poolId, username)).json()),
                () -> "user " + username + " is now " + api.get(user(poolId, username)).body());
    }

    private List<String> recoveryCodes(String username, String poolId) {
        TestApi.Response generated = api.post(user(poolId, username) + "/recovery-codes", null);
        assertThat(generated.status()).as(generated.toString()).isIn(200, 201);
        List<String> codes = new java.util.ArrayList<>();
        generated.json().path("recoveryCodes").forEach(code -> codes.add(code.asText()));
        assertThat(codes).hasSizeGreaterThanOrEqualTo(3);
        return codes;
    }
}
