package com.authledger.api.cognito;

import com.authledger.api.rest.SignInFixturesAccess;
import com.authledger.api.rest.UserFixturesAccess;
import com.authledger.client.SecretHash;
import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.security.ApiPrincipal;
import com.authledger.security.Role;
import com.authledger.security.SigV4Verifier;
import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.ProjectionsCaughtUp;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeliveryMediumType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ForgotPasswordResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SignUpResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UnauthorizedException;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.authledger.api.rest.SignInFixturesAccess.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

/**
 * Cognito's self-service operations by code or access token through {@code POST /}, raw HTTP: sign-up and its
 * confirmation, the forgotten password, attribute verification and change, password change, sign-out and refresh
 * token revocation; answers that never tell whether a user exists; bad input that appends nothing; and CORS.
 */
@IntegrationTest
class CognitoSelfServiceTest {

    static final String FLOWS = CognitoSignInTest.FLOWS;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String NEW_PASSWORD = "Another-Horse-8";

    @LocalServerPort
    int port;

    @Autowired
    DevelopmentOutbox outbox;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MutableClock clock;

    @MockitoBean
    SigV4Verifier signatures;

    TestApi api;
    EventStoreProbe events;

    @BeforeEach
    void setUp() {
        api = TestApi.admin(port);
        events = new EventStoreProbe(jdbc);
        when(signatures.verify(any(), any())).thenReturn(ApiPrincipal.accessKey("ALAKTEST", Role.ADMIN));
    }

    // ---- sign-up

    /** A user past confirmation is answered as a wrong code and as an unknown name: no status, no quicker answer. */
    @Test
    void confirmingAUserPastConfirmationAnswersAsAWrongCodeAndAsAnUnknownName() {
        String poolId = UserFixturesAccess.smsAndTotpPool(api);
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        SignInFixturesAccess.confirmedUser(api, poolId, "connie");
        long before = events.eventCount();

        for (String name : List.of("connie", "nobody-by-this-name")) {
            long started = System.nanoTime();
            JsonNode refused = error(cognito("ConfirmSignUp", confirm(clientId, name, "123456")), 400,
                    "CodeMismatchException");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as(name)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(200));
            assertThat(refused.path("message").asText()).doesNotContain("CONFIRMED").doesNotContain("status");
        }
        assertThat(events.eventCount()).as("nothing appended").isEqualTo(before);
    }

    @Test
    void aSignUpIsConfirmedWithTheCodeSentToThePhoneAndAnUnknownNameIsAWrongCode() {
        String poolId = UserFixturesAccess.smsAndTotpPool(api);
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        String phone = "+15555550301";

        JsonNode signedUp = ok(cognito("SignUp", Map.of("ClientId", clientId, "Username", "sally",
                "Password", PASSWORD, "UserAttributes", List.of(Map.of("Name", "phone_number", "Value", phone)),
                "ValidationData", List.of(Map.of("Name", "anything", "Value", "x")))));
        assertThat(signedUp.path("UserConfirmed").asBoolean(true)).isFalse();
        assertThat(signedUp.path("UserSub").asText()).isNotBlank();
        JsonNode delivery = signedUp.path("CodeDeliveryDetails");
        assertThat(delivery.path("DeliveryMedium").asText()).isEqualTo("SMS");
        assertThat(delivery.path("AttributeName").asText()).isEqualTo("phone_number");
        assertThat(delivery.path("Destination").asText()).endsWith("0301").doesNotContain(phone);

        JsonNode taken = error(cognito("SignUp", Map.of("ClientId", clientId, "Username", "SALLY",
                "Password", PASSWORD)), 400, "UsernameExistsException");
        assertThat(taken.path("message").asText()).doesNotContain("SALLY");

        String code = UserFixturesAccess.awaitCode(outbox, phone, "SIGN_UP");
        // not yet confirmed: sign-in says so
        error(initiate(clientId, "sally", PASSWORD), 400, "UserNotConfirmedException");

        String wrong = error(cognito("ConfirmSignUp", confirm(clientId, "sally", wrongCode(code))), 400,
                "CodeMismatchException").path("message").asText();
        String unknown = error(cognito("ConfirmSignUp", confirm(clientId, "nobody", code)), 400,
                "CodeMismatchException").path("message").asText();
        assertThat(unknown).isEqualTo(wrong);

        assertThat(ok(cognito("ConfirmSignUp", confirm(clientId, "sally", code))).size()).isZero();
        JsonNode tokens = tokens(initiate(clientId, "sally", PASSWORD));
        JsonNode user = ok(cognito("GetUser", Map.of("AccessToken", tokens.path("AccessToken").asText())));
        assertThat(user.path("UserAttributes").toString())
                .contains("{\"Name\":\"phone_number_verified\",\"Value\":\"true\"}");
    }

    @Test
    void anExpiredSignUpCodeIsAnsweredAsAWrongOne() {
        String poolId = UserFixturesAccess.smsAndTotpPool(api);
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        String phone = "+15555550308";
        ok(cognito("SignUp", Map.of("ClientId", clientId, "Username", "ezra", "Password", PASSWORD,
                "UserAttributes", List.of(Map.of("Name", "phone_number", "Value", phone)))));
        String code = UserFixturesAccess.awaitCode(outbox, phone, "SIGN_UP");
        String wrong = error(cognito("ConfirmSignUp", confirm(clientId, "ezra", wrongCode(code))), 400,
                "CodeMismatchException").path("message").asText();
        clock.advance(Duration.ofHours(25));
        long started = System.nanoTime();
        String expired = error(cognito("ConfirmSignUp", confirm(clientId, "ezra", code)), 400,
                "CodeMismatchException").path("message").asText();
        assertThat(expired).isEqualTo(wrong);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isGreaterThanOrEqualTo(com.authledger.shared.RefusalFloor.FLOOR);
    }

    @Test
    void aRefusedSignUpAppendsNothingAndEchoesNothing() {
        String poolId = UserFixturesAccess.smsAndTotpPool(api);
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        long before = events.eventCount();

        String weak = error(cognito("SignUp", Map.of("ClientId", clientId, "Username", "wendy",
                "Password", "short")), 400, "InvalidPasswordException").path("message").asText();
        assertThat(weak).doesNotContain("short");
        error(cognito("SignUp", Map.of("ClientId", clientId, "Username", "wendy", "Password", PASSWORD,
                "UserAttributes", List.of(Map.of("Name", "custom:tier", "Value", "gold")))), 400,
                "InvalidParameterException");
        error(cognito("SignUp", Map.of("ClientId", clientId, "Username", "wendy", "Password", PASSWORD,
                "UserAttributes", List.of(Map.of("Name", "phone_number", "Value", "+15555550302"),
                        Map.of("Name", "phone_number_verified", "Value", "true")))), 400,
                "InvalidParameterException");
        error(cognito("SignUp", Map.of("ClientId", clientId, "Username", "wendy")), 400,
                "InvalidParameterException");
        error(cognito("SignUp", Map.of("ClientId", "noSuchClient1", "Username", "wendy", "Password", PASSWORD)),
                404, "ResourceNotFoundException");
        error(cognito("ConfirmSignUp", confirm(clientId, "wendy", "12ab")), 400, "InvalidParameterException");
        error(cognito("ConfirmSignUp", Map.of("ClientId", clientId, "Username", "wendy",
                "ConfirmationCode", "123456", "ForceAliasCreation", "yes")), 400, "SerializationException");
        error(cognito("ForgotPassword", Map.of("ClientId", clientId)), 400, "InvalidParameterException");
        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void aClientWithASecretNeedsTheSecretHashBeforeAnyUserIsLookedUp() {
        String poolId = UserFixturesAccess.smsAndTotpPool(api);
        TestApi.Response created = api.post(SignInFixturesAccess.POOLS + "/" + poolId + "/clients",
                "{\"name\":\"backend\",\"generateSecret\":true,\"explicitAuthFlows\":" + FLOWS + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String clientId = created.json().path("clientId").asText();
        String secret = created.json().path("clientSecret").asText();
        long before = events.eventCount();

        error(cognito("SignUp", Map.of("ClientId", clientId, "Username", "hank", "Password", PASSWORD)), 403,
                "NotAuthorizedException");
        error(cognito("ForgotPassword", Map.of("ClientId", clientId, "Username", "hank",
                "SecretHash", SecretHash.compute(secret, "other", clientId))), 403, "NotAuthorizedException");
        assertThat(events.eventCount()).isEqualTo(before);

        JsonNode signedUp = ok(cognito("SignUp", Map.of("ClientId", clientId, "Username", "hank",
                "Password", PASSWORD, "SecretHash", SecretHash.compute(secret, "hank", clientId))));
        assertThat(signedUp.path("UserSub").asText()).isNotBlank();
    }

    // ---- answers that do not tell whether a user exists

    @Test
    void resendingASignUpCodeAnswersAlikeForAKnownAndAnUnknownName() throws InterruptedException {
        String poolId = UserFixturesAccess.smsAndTotpPool(api);
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        String phone = "+15555550303";
        ok(cognito("SignUp", Map.of("ClientId", clientId, "Username", "rita", "Password", PASSWORD,
                "UserAttributes", List.of(Map.of("Name", "phone_number", "Value", phone)))));
        UserFixturesAccess.awaitCode(outbox, phone, "SIGN_UP");

        TestApi.Response known = cognito("ResendConfirmationCode", Map.of("ClientId", clientId, "Username", "rita"));
        TestApi.Response unknown = cognito("ResendConfirmationCode", Map.of("ClientId", clientId,
                "Username", "nobody"));
        assertThat(known.status()).as(known.toString()).isEqualTo(200);
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(known.body()).isEqualTo(unknown.body()).isEqualTo("{}");
        ProjectionsCaughtUp.until(Duration.ofSeconds(10), () -> messages(phone, "SIGN_UP") >= 2,
                () -> "no second sign-up code");

        // the user's message budget (5 an hour) holds, and the answer does not tell when it is spent
        for (int i = 0; i < 5; i++) {
            TestApi.Response again = cognito("ResendConfirmationCode", Map.of("ClientId", clientId,
                    "Username", "rita"));
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body()).isEqualTo("{}");
        }
        ProjectionsCaughtUp.until(Duration.ofSeconds(10), () -> messages(phone, "SIGN_UP") >= 5,
                () -> "the budget's codes were not all sent");
        Thread.sleep(500);
        assertThat(messages(phone, "SIGN_UP")).as("no sixth code within the hour").isEqualTo(5);
    }

    @Test
    void aForgottenPasswordIsResetWithTheCodeAndTheAnswersSayNothingOfTheUser() {
        String poolId = UserFixturesAccess.smsAndTotpPool(api);
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        String phone = "+15555550304";
        SignInFixturesAccess.confirmedUser(api, poolId, "fran", "\"phoneNumber\":\"" + phone + "\"",
                "\"phoneNumberVerified\":true");
        JsonNode before = tokens(initiate(clientId, "fran", PASSWORD));

        TestApi.Response known = cognito("ForgotPassword", Map.of("ClientId", clientId, "Username", "fran"));
        TestApi.Response unknown = cognito("ForgotPassword", Map.of("ClientId", clientId, "Username", "nobody"));
        assertThat(known.status()).as(known.toString()).isEqualTo(200);
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(known.body()).isEqualTo(unknown.body()).isEqualTo("{}");
        String code = UserFixturesAccess.awaitCode(outbox, phone, "RESET_PASSWORD");

        long count = events.eventCount();
        error(cognito("ConfirmForgotPassword", reset(clientId, "fran", code, "weak")), 400,
                "InvalidPasswordException");
        assertThat(events.eventCount()).as("a refused password appends nothing").isEqualTo(count);
        String wrong = error(cognito("ConfirmForgotPassword", reset(clientId, "fran", wrongCode(code),
                NEW_PASSWORD)), 400, "CodeMismatchException").path("message").asText();
        String nobody = error(cognito("ConfirmForgotPassword", reset(clientId, "nobody", code, NEW_PASSWORD)), 400,
                "CodeMismatchException").path("message").asText();
        assertThat(nobody).isEqualTo(wrong);

        assertThat(ok(cognito("ConfirmForgotPassword", reset(clientId, "fran", code, NEW_PASSWORD))).size()).isZero();
        assertRevoked(clientId, before);
        error(initiate(clientId, "fran", PASSWORD), 403, "NotAuthorizedException");
        tokens(initiate(clientId, "fran", NEW_PASSWORD));
    }

    @Test
    void noResetCodeGoesOverSmsToAUserWhoseFactorIsSms() {
        String poolId = UserFixturesAccess.smsAndTotpPool(api);
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        String phone = "+15555550305";
        SignInFixturesAccess.smsUser(api, poolId, "simon", phone);
        long sent = messages(phone, null);
        long before = events.eventCount();

        TestApi.Response answered = cognito("ForgotPassword", Map.of("ClientId", clientId, "Username", "simon"));
        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.body()).isEqualTo("{}");
        ProjectionsCaughtUp.until(Duration.ofSeconds(10), () -> events.typesAfter(before).stream()
                .anyMatch(type -> type.endsWith("PasswordResetRefused")), () -> "no refusal recorded");
        assertThat(messages(phone, null)).isEqualTo(sent);
    }

    // ---- with an access token

    @Test
    void aSignedInUserChangesAndVerifiesTheirEmail() {
        String poolId = UserFixturesAccess.smsAndTotpPool(api);
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        SignInFixturesAccess.confirmedUser(api, poolId, "erin");
        String accessToken = tokens(initiate(clientId, "erin", PASSWORD)).path("AccessToken").asText();
        String email = "erin.cognito@example.com";

        JsonNode updated = ok(cognito("UpdateUserAttributes", Map.of("AccessToken", accessToken,
                "UserAttributes", List.of(Map.of("Name", "email", "Value", email),
                        Map.of("Name", "name", "Value", "Erin")))));
        assertThat(updated.path("CodeDeliveryDetailsList").isArray()).isTrue();

        JsonNode sent = ok(cognito("GetUserAttributeVerificationCode", Map.of("AccessToken", accessToken,
                "AttributeName", "email")));
        assertThat(sent.path("CodeDeliveryDetails").path("DeliveryMedium").asText()).isEqualTo("EMAIL");
        assertThat(sent.path("CodeDeliveryDetails").path("Destination").asText()).doesNotContain(email);
        String code = UserFixturesAccess.awaitCode(outbox, email, "VERIFY_EMAIL");

        long before = events.eventCount();
        error(cognito("VerifyUserAttribute", Map.of("AccessToken", accessToken, "AttributeName", "address",
                "Code", code)), 400, "InvalidParameterException");
        error(cognito("VerifyUserAttribute", Map.of("AccessToken", "not-a-token", "AttributeName", "email",
                "Code", code)), 403, "NotAuthorizedException");
        error(cognito("UpdateUserAttributes", Map.of("AccessToken", accessToken,
                "UserAttributes", List.of(Map.of("Name", "email_verified", "Value", "true")))), 400,
                "InvalidParameterException");
        assertThat(events.eventCount()).isEqualTo(before);
        error(cognito("VerifyUserAttribute", Map.of("AccessToken", accessToken, "AttributeName", "email",
                "Code", wrongCode(code))), 400, "CodeMismatchException");

        assertThat(ok(cognito("VerifyUserAttribute", Map.of("AccessToken", accessToken, "AttributeName", "email",
                "Code", code))).size()).isZero();
        JsonNode user = ok(cognito("GetUser", Map.of("AccessToken", accessToken)));
        assertThat(user.path("UserAttributes").toString())
                .contains("{\"Name\":\"email_verified\",\"Value\":\"true\"}")
                .contains("{\"Name\":\"name\",\"Value\":\"Erin\"}");
    }

    @Test
    void anOldSignInNeedsAStepUpToChangeAContactButNotTheName() {
        String poolId = SignInFixturesAccess.smsAndTotpPool(api, "StepUpAttributes");
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        String secret = SignInFixturesAccess.totpUser(api, clock, poolId, "stella");
        String session = ok(initiate(clientId, "stella", PASSWORD)).path("Session").asText();
        String accessToken = tokens(respond(clientId, "SOFTWARE_TOKEN_MFA", session, Map.of("USERNAME", "stella",
                "SOFTWARE_TOKEN_MFA_CODE", SignInFixturesAccess.totpCode(clock, secret)))).path("AccessToken")
                .asText();
        clock.advance(Duration.ofMinutes(6));
        Map<String, Object> phoneChange = Map.of("AccessToken", accessToken, "UserAttributes",
                List.of(Map.of("Name", "phone_number", "Value", "+15555550306")));

        long before = events.eventCount();
        JsonNode refused = error(cognito("UpdateUserAttributes", phoneChange), 400, "InvalidParameterException");
        assertThat(refused.path("message").asText()).contains("X-MFA-Code");
        error(cognito("UpdateUserAttributes", Map.of("AccessToken", accessToken, "UserAttributes",
                List.of(Map.of("Name", "email", "Value", "stella@example.com")))), 400, "InvalidParameterException");
        assertThat(events.eventCount()).isEqualTo(before);

        ok(cognito("UpdateUserAttributes", Map.of("AccessToken", accessToken, "UserAttributes",
                List.of(Map.of("Name", "name", "Value", "Stella")))));

        TestApi.Response stepped = TestApi.anonymous(port)
                .header("X-Amz-Target", "AWSCognitoIdentityProviderService.UpdateUserAttributes")
                .header("X-MFA-Code", SignInFixturesAccess.totpCode(clock, secret))
                .send("POST", "/", json(phoneChange), "application/x-amz-json-1.1");
        ok(stepped);
    }

    @Test
    void changingThePasswordChecksThePreviousOneAndRevokesTheTokens() {
        String poolId = SignInFixturesAccess.pool(api, "ChangePassword", "OFF");
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        SignInFixturesAccess.confirmedUser(api, poolId, "carl");
        JsonNode tokens = tokens(initiate(clientId, "carl", PASSWORD));
        String accessToken = tokens.path("AccessToken").asText();

        long before = events.eventCount();
        error(cognito("ChangePassword", changePassword(accessToken, PASSWORD, "weak")), 400,
                "InvalidPasswordException");
        error(cognito("ChangePassword", Map.of("AccessToken", accessToken, "ProposedPassword", NEW_PASSWORD)), 400,
                "InvalidParameterException");
        assertThat(events.eventCount()).as("bad input appends nothing").isEqualTo(before);

        JsonNode wrong = error(cognito("ChangePassword", changePassword(accessToken, "Wrong-Password-1",
                NEW_PASSWORD)), 403, "NotAuthorizedException");
        assertThat(wrong.path("message").asText()).isEqualTo("Incorrect username or password.");
        assertThat(events.typesAfter(before)).as("a wrong password counts towards the lockout")
                .anyMatch(type -> type.endsWith("SignInStepFailed"));
        // the token still works: a wrong previous password changed nothing else
        ok(cognito("GetUser", Map.of("AccessToken", accessToken)));

        assertThat(ok(cognito("ChangePassword", changePassword(accessToken, PASSWORD, NEW_PASSWORD))).size())
                .isZero();
        assertRevoked(clientId, tokens);
        error(initiate(clientId, "carl", PASSWORD), 403, "NotAuthorizedException");
        tokens(initiate(clientId, "carl", NEW_PASSWORD));
    }

    @Test
    void wrongPreviousPasswordsLockTheUserOut() {
        String poolId = SignInFixturesAccess.pool(api, "ChangeLock", "OFF");
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        SignInFixturesAccess.confirmedUser(api, poolId, "lena");
        String accessToken = tokens(initiate(clientId, "lena", PASSWORD)).path("AccessToken").asText();
        for (int i = 0; i < 5; i++) {
            error(cognito("ChangePassword", changePassword(accessToken, "Wrong-Password-" + i, NEW_PASSWORD)), 403,
                    "NotAuthorizedException");
        }
        JsonNode locked = error(cognito("ChangePassword", changePassword(accessToken, PASSWORD, NEW_PASSWORD)), 403,
                "NotAuthorizedException");
        assertThat(locked.path("message").asText()).isEqualTo("Password attempts exceeded");
    }

    @Test
    void globalSignOutRevokesEveryTokenOfTheUser() {
        String poolId = SignInFixturesAccess.pool(api, "SignOut", "OFF");
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        SignInFixturesAccess.confirmedUser(api, poolId, "gus");
        JsonNode first = tokens(initiate(clientId, "gus", PASSWORD));
        JsonNode second = tokens(initiate(clientId, "gus", PASSWORD));

        assertThat(ok(cognito("GlobalSignOut", Map.of("AccessToken", first.path("AccessToken").asText()))).size())
                .isZero();
        assertRevoked(clientId, first);
        assertRevoked(clientId, second);
        long before = events.eventCount();
        error(cognito("GlobalSignOut", Map.of("AccessToken", first.path("AccessToken").asText())), 403,
                "NotAuthorizedException");
        error(cognito("GlobalSignOut", Map.of()), 400, "InvalidParameterException");
        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void revokingARefreshTokenEndsItsSignInOnlyAndOnlyWithItsClient() {
        String poolId = SignInFixturesAccess.pool(api, "Revoke", "OFF");
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        String otherClient = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        SignInFixturesAccess.confirmedUser(api, poolId, "rob");
        JsonNode revoked = tokens(initiate(clientId, "rob", PASSWORD));
        JsonNode kept = tokens(initiate(clientId, "rob", PASSWORD));
        String refreshToken = revoked.path("RefreshToken").asText();

        long before = events.eventCount();
        error(cognito("RevokeToken", Map.of("Token", refreshToken, "ClientId", otherClient)), 401,
                "UnauthorizedException");
        error(cognito("RevokeToken", Map.of("Token", "a".repeat(66), "ClientId", clientId)), 401,
                "UnauthorizedException");
        error(cognito("RevokeToken", Map.of("Token", revoked.path("AccessToken").asText(), "ClientId", clientId)),
                401, "UnauthorizedException");
        error(cognito("RevokeToken", Map.of("ClientId", clientId)), 400, "InvalidParameterException");
        assertThat(events.eventCount()).isEqualTo(before);
        ok(cognito("GetUser", Map.of("AccessToken", revoked.path("AccessToken").asText())));

        assertThat(ok(cognito("RevokeToken", Map.of("Token", refreshToken, "ClientId", clientId))).size()).isZero();
        assertRevoked(clientId, revoked);
        ok(cognito("GetUser", Map.of("AccessToken", kept.path("AccessToken").asText())));
        tokens(refresh(clientId, kept.path("RefreshToken").asText()));
        // again: nothing more to do
        ok(cognito("RevokeToken", Map.of("Token", refreshToken, "ClientId", clientId)));
    }

    @Test
    void theRestApiChangesThePasswordWithTheSameRules() {
        String poolId = SignInFixturesAccess.pool(api, "RestChangePassword", "OFF");
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        SignInFixturesAccess.confirmedUser(api, poolId, "reba");
        JsonNode tokens = tokens(initiate(clientId, "reba", PASSWORD));
        TestApi me = TestApi.withKey(port, tokens.path("AccessToken").asText());

        TestApi.Response wrong = me.put("/api/v1/me/password", "{\"previousPassword\":\"Wrong-Password-1\","
                + "\"proposedPassword\":\"" + NEW_PASSWORD + "\"}");
        assertThat(wrong.status()).as(wrong.toString()).isBetween(400, 499);
        assertThat(wrong.body()).contains("Incorrect username or password.").doesNotContain("Wrong-Password-1");
        TestApi.Response changed = me.put("/api/v1/me/password", "{\"previousPassword\":\"" + PASSWORD + "\","
                + "\"proposedPassword\":\"" + NEW_PASSWORD + "\"}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(204);
        assertRevoked(clientId, tokens);
        tokens(initiate(clientId, "reba", NEW_PASSWORD));
    }

    @Test
    void theAwsSdkSignsUpConfirmsResetsAndRevokes() {
        String poolId = UserFixturesAccess.smsAndTotpPool(api);
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        String otherClient = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        String phone = "+15555550307";
        try (CognitoIdentityProviderClient cognito = CognitoIdentityProviderClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("ALAKTEST",
                        "unused-secret-unused-secret-unused-secret0")))
                .build()) {
            SignUpResponse signedUp = cognito.signUp(b -> b.clientId(clientId).username("sid").password(PASSWORD)
                    .userAttributes(AttributeType.builder().name("phone_number").value(phone).build()));
            assertThat(signedUp.userConfirmed()).isFalse();
            assertThat(signedUp.userSub()).isNotBlank();
            assertThat(signedUp.codeDeliveryDetails().deliveryMedium()).isEqualTo(DeliveryMediumType.SMS);
            String code = UserFixturesAccess.awaitCode(outbox, phone, "SIGN_UP");
            assertThat(catchThrowableOfType(() -> cognito.confirmSignUp(b -> b.clientId(clientId).username("sid")
                    .confirmationCode(wrongCode(code))), CodeMismatchException.class)).isNotNull();
            cognito.confirmSignUp(b -> b.clientId(clientId).username("sid").confirmationCode(code));

            ForgotPasswordResponse forgot = cognito.forgotPassword(b -> b.clientId(clientId).username("sid"));
            assertThat(forgot.codeDeliveryDetails()).isNull();
            String resetCode = UserFixturesAccess.awaitCode(outbox, phone, "RESET_PASSWORD");
            cognito.confirmForgotPassword(b -> b.clientId(clientId).username("sid").confirmationCode(resetCode)
                    .password(NEW_PASSWORD));

            AuthenticationResultType result = cognito.initiateAuth(b -> b.clientId(clientId)
                    .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", "sid", "PASSWORD", NEW_PASSWORD))).authenticationResult();
            assertThat(catchThrowableOfType(() -> cognito.revokeToken(b -> b.clientId(otherClient)
                    .token(result.refreshToken())), UnauthorizedException.class)).isNotNull();
            cognito.revokeToken(b -> b.clientId(clientId).token(result.refreshToken()));
            NotAuthorizedException revoked = catchThrowableOfType(() -> cognito.getUser(b -> b.accessToken(
                    result.accessToken())), NotAuthorizedException.class);
            assertThat(revoked.awsErrorDetails().errorMessage()).isEqualTo("Access Token has been revoked");
        }
    }

    // ---- CORS

    @Test
    void browsersMayCallTheProtocolFromAnyOriginWithoutCredentials() {
        TestApi.Response preflight = TestApi.anonymous(port)
                .header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-amz-target,x-amz-user-agent")
                .send("OPTIONS", "/", null, null);
        assertThat(preflight.status()).as(preflight.toString()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
        assertThat(preflight.header("Access-Control-Allow-Headers").toLowerCase())
                .contains("content-type").contains("x-amz-target").contains("x-amz-user-agent");
        assertThat(preflight.header("Access-Control-Max-Age")).isEqualTo("3600");
        assertThat(preflight.header("Access-Control-Allow-Credentials")).isNull();

        TestApi.Response sdkHeaders = TestApi.anonymous(port)
                .header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,cache-control,x-amz-date,"
                        + "x-amz-content-sha256")
                .send("OPTIONS", "/", null, null);
        assertThat(sdkHeaders.status()).as(sdkHeaders.toString()).isEqualTo(200);

        TestApi.Response actual = TestApi.anonymous(port)
                .header("Origin", "https://app.example.com")
                .header("X-Amz-Target", "AWSCognitoIdentityProviderService.GetUser")
                .send("POST", "/", "{\"AccessToken\":\"not-a-token\"}", "application/x-amz-json-1.1");
        assertThat(actual.status()).isEqualTo(403);
        assertThat(actual.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(actual.header("Access-Control-Expose-Headers")).contains("x-amzn-RequestId")
                .contains("x-amzn-ErrorType");
        assertThat(actual.header("Access-Control-Allow-Credentials")).isNull();

        TestApi.Response apiPath = TestApi.admin(port).header("Origin", "https://app.example.com")
                .get(SignInFixturesAccess.POOLS);
        assertThat(apiPath.status()).isEqualTo(200);
        assertThat(apiPath.header("Access-Control-Allow-Origin")).isNull();
        TestApi.Response apiPreflight = TestApi.anonymous(port)
                .header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "POST")
                .send("OPTIONS", SignInFixturesAccess.POOLS, null, null);
        assertThat(apiPreflight.header("Access-Control-Allow-Origin")).isNull();
        TestApi.Response me = TestApi.anonymous(port)
                .header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "GET")
                .send("OPTIONS", "/api/v1/me", null, null);
        assertThat(me.header("Access-Control-Allow-Origin")).isNull();
    }

    // ---- helpers

    /** The access token is refused by Cognito's operations, and the refresh token too. */
    private void assertRevoked(String clientId, JsonNode tokens) {
        JsonNode refused = error(cognito("GetUser", Map.of("AccessToken", tokens.path("AccessToken").asText())),
                403, "NotAuthorizedException");
        assertThat(refused.path("message").asText()).isEqualTo("Access Token has been revoked");
        error(refresh(clientId, tokens.path("RefreshToken").asText()), 403, "NotAuthorizedException");
    }

    private TestApi.Response refresh(String clientId, String refreshToken) {
        return cognito("InitiateAuth", Map.of("ClientId", clientId, "AuthFlow", "REFRESH_TOKEN_AUTH",
                "AuthParameters", Map.of("REFRESH_TOKEN", refreshToken)));
    }

    private static Map<String, Object> confirm(String clientId, String username, String code) {
        return Map.of("ClientId", clientId, "Username", username, "ConfirmationCode", code);
    }

    private static Map<String, Object> reset(String clientId, String username, String code, String password) {
        return Map.of("ClientId", clientId, "Username", username, "ConfirmationCode", code, "Password", password);
    }

    private static Map<String, Object> changePassword(String accessToken, String previous, String proposed) {
        return Map.of("AccessToken", accessToken, "PreviousPassword", previous, "ProposedPassword", proposed);
    }

    /** Messages delivered to this destination, for this purpose (any when null). */
    private long messages(String destination, String purpose) {
        return outbox.messages().stream().filter(m -> m.destination().equals(destination)
                && (purpose == null || m.purpose().equals(purpose))).count();
    }

    private static String wrongCode(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    private static String json(Object input) {
        try {
            return JSON.writeValueAsString(input);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private TestApi.Response cognito(String operation, Map<String, ?> input) {
        return TestApi.anonymous(port).header("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation)
                .send("POST", "/", json(input), "application/x-amz-json-1.1");
    }

    private TestApi.Response initiate(String clientId, String username, String password) {
        return cognito("InitiateAuth", Map.of("ClientId", clientId, "AuthFlow", "USER_PASSWORD_AUTH",
                "AuthParameters", Map.of("USERNAME", username, "PASSWORD", password)));
    }

    private TestApi.Response respond(String clientId, String challenge, String session,
                                     Map<String, String> responses) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("ClientId", clientId);
        input.put("ChallengeName", challenge);
        input.put("Session", session);
        input.put("ChallengeResponses", responses);
        return cognito("RespondToAuthChallenge", input);
    }

    private static JsonNode ok(TestApi.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("x-amzn-RequestId")).isNotBlank();
        return response.json();
    }

    private static JsonNode tokens(TestApi.Response response) {
        JsonNode result = ok(response).path("AuthenticationResult");
        assertThat(result.path("AccessToken").asText()).as(response.toString()).isNotBlank();
        assertThat(result.path("RefreshToken").asText()).isNotBlank();
        return result;
    }

    private static JsonNode error(TestApi.Response response, int status, String type) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("x-amzn-ErrorType")).as(response.toString()).isEqualTo(type);
        JsonNode body = response.json();
        assertThat(body.path("__type").asText()).isEqualTo(type);
        assertThat(body.path("message").asText()).isNotBlank();
        return body;
    }
}
