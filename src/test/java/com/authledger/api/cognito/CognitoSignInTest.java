package com.authledger.api.cognito;

import com.authledger.api.rest.SignInFixturesAccess;
import com.authledger.client.SecretHash;
import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.security.ApiPrincipal;
import com.authledger.security.Role;
import com.authledger.security.SigV4Verifier;
import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.TestApi;
import com.authledger.user.password.SrpClient;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
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
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminInitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminRespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static com.authledger.api.rest.SignInFixturesAccess.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

/**
 * Cognito's sign-in and self-service operations through {@code POST /}: raw HTTP for the wire format and the AWS SDK
 * for Java v2 as an application would call them. SigV4 is verified on another branch; here the verifier is a double
 * that accepts every signed call as an admin key.
 */
@IntegrationTest
class CognitoSignInTest {

    static final String FLOWS = "[\"ALLOW_USER_PASSWORD_AUTH\",\"ALLOW_ADMIN_USER_PASSWORD_AUTH\","
            + "\"ALLOW_REFRESH_TOKEN_AUTH\"]";
    static final ObjectMapper JSON = new ObjectMapper();

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

    // ---- password sign-in, refresh, the answers that reveal nothing

    @Test
    void anOffPoolAnswersTokensAndRefreshesThem() {
        String poolId = SignInFixturesAccess.pool(api, "Off", "OFF");
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        String sub = SignInFixturesAccess.confirmedUser(api, poolId, "olga").path("sub").asText();

        TestApi.Response signedIn = initiate(clientId, "olga", PASSWORD);
        assertThat(signedIn.header("Content-Type")).startsWith("application/x-amz-json-1.1");
        assertThat(signedIn.header("x-amzn-RequestId")).isNotBlank();
        JsonNode result = tokens(signedIn);
        assertThat(result.path("ExpiresIn").asLong()).isPositive();

        for (String flow : new String[]{"REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"}) {
            TestApi.Response refreshed = cognito("InitiateAuth", Map.of("ClientId", clientId, "AuthFlow", flow,
                    "AuthParameters", Map.of("REFRESH_TOKEN", result.path("RefreshToken").asText())));
            result = tokens(refreshed);
        }

        JsonNode user = ok(cognito("GetUser", Map.of("AccessToken", result.path("AccessToken").asText())));
        assertThat(user.path("Username").asText()).isEqualTo("olga");
        assertThat(user.path("UserAttributes").toString()).contains("{\"Name\":\"sub\",\"Value\":\"" + sub + "\"}");
        assertThat(user.has("UserMFASettingList")).isFalse();
    }

    @Test
    void anUnknownUserIsAnsweredAsAWrongPasswordAndAnUnknownClientIsNotEchoed() {
        String poolId = SignInFixturesAccess.pool(api, "Quiet", "OFF");
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        SignInFixturesAccess.confirmedUser(api, poolId, "quinn");

        JsonNode wrong = error(initiate(clientId, "quinn", "Wrong-Password-1"), 403, "NotAuthorizedException");
        JsonNode unknown = error(initiate(clientId, "nobody", PASSWORD), 403, "NotAuthorizedException");
        assertThat(unknown.path("message").asText()).isEqualTo("Incorrect username or password.")
                .isEqualTo(wrong.path("message").asText());

        JsonNode noClient = error(initiate("noSuchClient123", "quinn", PASSWORD), 404,
                "ResourceNotFoundException");
        assertThat(noClient.path("message").asText()).isEqualTo("User pool client does not exist.");

        // this client does not allow USER_SRP_AUTH
        error(cognito("InitiateAuth", Map.of("ClientId", clientId, "AuthFlow", "USER_SRP_AUTH",
                "AuthParameters", Map.of("USERNAME", "quinn", "SRP_A", "abc"))), 400, "InvalidParameterException");
        error(cognito("InitiateAuth", Map.of("ClientId", clientId, "AuthFlow", "ADMIN_USER_PASSWORD_AUTH",
                "AuthParameters", Map.of("USERNAME", "quinn", "PASSWORD", PASSWORD))), 400,
                "InvalidParameterException");
    }

    @Test
    void repeatedWrongPasswordsLockTheUserOut() {
        String poolId = SignInFixturesAccess.pool(api, "Locked", "OFF");
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        SignInFixturesAccess.confirmedUser(api, poolId, "lou");
        for (int i = 0; i < 5; i++) {
            error(initiate(clientId, "lou", "Wrong-Password-" + i), 403, "NotAuthorizedException");
        }
        JsonNode locked = error(initiate(clientId, "lou", PASSWORD), 403, "NotAuthorizedException");
        assertThat(locked.path("message").asText()).isEqualTo("Password attempts exceeded");
    }

    @Test
    void aClientWithASecretNeedsTheSecretHash() {
        String poolId = SignInFixturesAccess.pool(api, "Secret", "OFF");
        TestApi.Response created = api.post(SignInFixturesAccess.POOLS + "/" + poolId + "/clients",
                "{\"name\":\"backend\",\"generateSecret\":true,\"explicitAuthFlows\":" + FLOWS + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String clientId = created.json().path("clientId").asText();
        String secret = created.json().path("clientSecret").asText();
        SignInFixturesAccess.confirmedUser(api, poolId, "sam");

        error(initiate(clientId, "sam", PASSWORD), 403, "NotAuthorizedException");
        tokens(cognito("InitiateAuth", Map.of("ClientId", clientId, "AuthFlow", "USER_PASSWORD_AUTH",
                "AuthParameters", Map.of("USERNAME", "sam", "PASSWORD", PASSWORD,
                        "SECRET_HASH", SecretHash.compute(secret, "sam", clientId)))));
    }

    // ---- the challenges

    @Test
    void aPreferredAuthenticatorIsAskedAndAnsweredWithTheSubAsUsername() {
        String poolId = SignInFixturesAccess.smsAndTotpPool(api, "Totp");
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        String secret = SignInFixturesAccess.totpUser(api, clock, poolId, "tom");

        JsonNode challenge = challenge(initiate(clientId, "tom", PASSWORD), "SOFTWARE_TOKEN_MFA");
        String sub = challenge.path("ChallengeParameters").path("USER_ID_FOR_SRP").asText();
        assertThat(sub).isNotBlank();
        String code = SignInFixturesAccess.totpCode(clock, secret);
        String session = challenge.path("Session").asText();

        // a wrong code keeps the session usable
        JsonNode mismatch = error(respond(clientId, "SOFTWARE_TOKEN_MFA", session,
                Map.of("USERNAME", sub, "SOFTWARE_TOKEN_MFA_CODE", SignInFixturesAccess.wrongTotpCode(secret,
                        clock))), 400, "CodeMismatchException");
        assertThat(mismatch.path("message").asText()).isEqualTo("Invalid code or auth state for the user.");

        tokens(respond(clientId, "SOFTWARE_TOKEN_MFA", session, Map.of("USERNAME", sub,
                "SOFTWARE_TOKEN_MFA_CODE", code)));

        // the session is spent
        JsonNode used = error(respond(clientId, "SOFTWARE_TOKEN_MFA", session, Map.of("USERNAME", sub,
                "SOFTWARE_TOKEN_MFA_CODE", code)), 403, "NotAuthorizedException");
        assertThat(used.path("message").asText())
                .isEqualTo("Invalid session for the user, session can only be used once.");

        // the same code in a new sign-in
        String again = challenge(initiate(clientId, "tom", PASSWORD), "SOFTWARE_TOKEN_MFA").path("Session").asText();
        JsonNode replayed = error(respond(clientId, "SOFTWARE_TOKEN_MFA", again, Map.of("USERNAME", "tom",
                "SOFTWARE_TOKEN_MFA_CODE", code)), 400, "ExpiredCodeException");
        assertThat(replayed.path("message").asText()).isEqualTo("Your software token has already been used once.");
    }

    @Test
    void anExpiredSessionSaysSo() {
        String poolId = SignInFixturesAccess.smsAndTotpPool(api, "Slow");
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        String secret = SignInFixturesAccess.totpUser(api, clock, poolId, "sue");
        String session = challenge(initiate(clientId, "sue", PASSWORD), "SOFTWARE_TOKEN_MFA")
                .path("Session").asText();
        clock.advance(Duration.ofMinutes(4));

        for (int i = 0; i < 2; i++) {
            JsonNode expired = error(respond(clientId, "SOFTWARE_TOKEN_MFA", session, Map.of("USERNAME", "sue",
                    "SOFTWARE_TOKEN_MFA_CODE", SignInFixturesAccess.totpCode(clock, secret))), 403,
                    "NotAuthorizedException");
            assertThat(expired.path("message").asText()).isEqualTo("Invalid session for the user, session is expired.");
        }
    }

    @Test
    void smsMfaSendsACodeToTheVerifiedPhone() {
        String poolId = SignInFixturesAccess.smsAndTotpPool(api, "Sms");
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        String phone = "+15555550611";
        SignInFixturesAccess.smsUser(api, poolId, "sid", phone);
        long earlier = SignInFixturesAccess.smsCount(outbox, phone);

        JsonNode challenge = challenge(initiate(clientId, "sid", PASSWORD), "SMS_MFA");
        JsonNode parameters = challenge.path("ChallengeParameters");
        assertThat(parameters.path("CODE_DELIVERY_DELIVERY_MEDIUM").asText()).isEqualTo("SMS");
        assertThat(parameters.path("CODE_DELIVERY_DESTINATION").asText()).doesNotContain("5555550611");
        String code = SignInFixturesAccess.smsCode(outbox, phone, earlier);
        tokens(respond(clientId, "SMS_MFA", challenge.path("Session").asText(), Map.of("USERNAME",
                parameters.path("USER_ID_FOR_SRP").asText(), "SMS_MFA_CODE", code)));
    }

    /** A sign-in whose pool is deleted before its answer gets ResourceNotFoundException: no tokens, never a 500. */
    @Test
    void aSignInWhosePoolIsDeletedMeanwhileIsRefusedWithoutTokens() {
        String poolId = SignInFixturesAccess.smsAndTotpPool(api, "Deleted");
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        String secret = SignInFixturesAccess.totpUser(api, clock, poolId, "dee");
        String session = challenge(initiate(clientId, "dee", PASSWORD), "SOFTWARE_TOKEN_MFA").path("Session").asText();
        assertThat(api.send("DELETE", SignInFixturesAccess.POOLS + "/" + poolId, null, null).status()).isEqualTo(204);

        error(respond(clientId, "SOFTWARE_TOKEN_MFA", session, Map.of("USERNAME", "dee",
                "SOFTWARE_TOKEN_MFA_CODE", SignInFixturesAccess.totpCode(clock, secret))), 404,
                "ResourceNotFoundException");
    }

    @Test
    void twoFactorsWithoutAPreferenceAskWhichOne() {
        String poolId = SignInFixturesAccess.smsAndTotpPool(api, "Select");
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        SignInFixturesAccess.smsUser(api, poolId, "sel", "+15555550612");
        String secret = SignInFixturesAccess.enrolTotp(api, clock, poolId, "sel");

        JsonNode select = challenge(initiate(clientId, "sel", PASSWORD), "SELECT_MFA_TYPE");
        assertThat(select.path("ChallengeParameters").path("MFAS_CAN_CHOOSE").asText())
                .contains("SMS_MFA", "SOFTWARE_TOKEN_MFA");
        JsonNode totp = challenge(respond(clientId, "SELECT_MFA_TYPE", select.path("Session").asText(),
                Map.of("USERNAME", "sel", "ANSWER", "SOFTWARE_TOKEN_MFA")), "SOFTWARE_TOKEN_MFA");
        tokens(respond(clientId, "SOFTWARE_TOKEN_MFA", totp.path("Session").asText(), Map.of("USERNAME", "sel",
                "SOFTWARE_TOKEN_MFA_CODE", SignInFixturesAccess.totpCode(clock, secret))));
    }

    @Test
    void aRequiredPoolSetsUpAnAuthenticatorWithTheSessionAsTheJsClientDoes() {
        String poolId = SignInFixturesAccess.pool(api, "Required", "REQUIRED", SignInFixturesAccess.TOTP_ON);
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        SignInFixturesAccess.confirmedUser(api, poolId, "rae");

        JsonNode setUp = challenge(initiate(clientId, "rae", PASSWORD), "MFA_SETUP");
        String sub = setUp.path("ChallengeParameters").path("USER_ID_FOR_SRP").asText();
        assertThat(setUp.path("ChallengeParameters").path("MFAS_CAN_SETUP").asText()).contains("SOFTWARE_TOKEN_MFA");

        JsonNode associated = ok(cognito("AssociateSoftwareToken", Map.of("Session",
                setUp.path("Session").asText())));
        String secret = associated.path("SecretCode").asText();
        assertThat(secret).matches("[A-Z2-7]{16,}");

        long before = events.eventCount();
        error(cognito("VerifySoftwareToken", Map.of("Session", associated.path("Session").asText(),
                "UserCode", SignInFixturesAccess.wrongTotpCode(secret, clock))), 400, "CodeMismatchException");
        assertThat(events.eventCount()).as("a wrong code is counted").isGreaterThan(before);

        JsonNode verified = ok(cognito("VerifySoftwareToken", Map.of("Session", associated.path("Session").asText(),
                "UserCode", SignInFixturesAccess.totpCode(clock, secret), "FriendlyDeviceName", "phone")));
        assertThat(verified.path("Status").asText()).isEqualTo("SUCCESS");

        JsonNode result = tokens(respond(clientId, "MFA_SETUP", verified.path("Session").asText(),
                Map.of("USERNAME", sub)));
        JsonNode user = ok(cognito("GetUser", Map.of("AccessToken", result.path("AccessToken").asText())));
        assertThat(user.path("UserMFASettingList").toString()).contains("SOFTWARE_TOKEN_MFA");
    }

    /**
     * As amazon-cognito-identity-js does it by default: USER_SRP_AUTH, then MFA_SETUP with only the Session. The
     * session's first event is then PasswordVerifierIssued (not SignInStarted): the pool must be found from it too.
     */
    @Test
    void anSrpSignInSetsUpAnAuthenticatorWithOnlyTheSession() {
        String poolId = SignInFixturesAccess.pool(api, "Required SRP", "REQUIRED", SignInFixturesAccess.TOTP_ON);
        String clientId = SignInFixturesAccess.client(api, poolId,
                "[\"ALLOW_USER_SRP_AUTH\",\"ALLOW_REFRESH_TOKEN_AUTH\"]", 3);
        SignInFixturesAccess.confirmedUser(api, poolId, "sam");

        SrpClient srp = new SrpClient(poolId);
        JsonNode verifier = challenge(cognito("InitiateAuth", Map.of("ClientId", clientId, "AuthFlow", "USER_SRP_AUTH",
                "AuthParameters", Map.of("USERNAME", "sam", "SRP_A", srp.srpA()))), "PASSWORD_VERIFIER");
        Map<String, String> parameters = JSON.convertValue(verifier.path("ChallengeParameters"),
                new TypeReference<Map<String, String>>() { });
        JsonNode setUp = challenge(respond(clientId, "PASSWORD_VERIFIER", verifier.path("Session").asText(),
                srp.answer(parameters, PASSWORD, clock.instant())), "MFA_SETUP");
        String sub = setUp.path("ChallengeParameters").path("USER_ID_FOR_SRP").asText();

        JsonNode associated = ok(cognito("AssociateSoftwareToken", Map.of("Session",
                setUp.path("Session").asText())));
        String secret = associated.path("SecretCode").asText();
        JsonNode verified = ok(cognito("VerifySoftwareToken", Map.of("Session", associated.path("Session").asText(),
                "UserCode", SignInFixturesAccess.totpCode(clock, secret), "FriendlyDeviceName", "phone")));
        assertThat(verified.path("Status").asText()).isEqualTo("SUCCESS");
        tokens(respond(clientId, "MFA_SETUP", verified.path("Session").asText(), Map.of("USERNAME", sub)));
    }

    @Test
    void aTemporaryPasswordIsReplacedFirst() {
        String poolId = SignInFixturesAccess.pool(api, "Temporary", "OFF");
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        SignInFixturesAccess.createUser(api, poolId, "tia");

        JsonNode challenge = challenge(initiate(clientId, "tia", PASSWORD), "NEW_PASSWORD_REQUIRED");
        tokens(respond(clientId, "NEW_PASSWORD_REQUIRED", challenge.path("Session").asText(),
                Map.of("USERNAME", "tia", "NEW_PASSWORD", "Brand-New-Pass-9")));
        tokens(initiate(clientId, "tia", "Brand-New-Pass-9"));
    }

    // ---- self-service with the access token

    @Test
    void accessTokenOperationsActAsTheUserUntilTheTokenIsRevoked() {
        String poolId = SignInFixturesAccess.smsAndTotpPool(api, "Self");
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        String sub = SignInFixturesAccess.confirmedUser(api, poolId, "mia").path("sub").asText();
        String accessToken = tokens(initiate(clientId, "mia", PASSWORD)).path("AccessToken").asText();

        JsonNode associated = ok(cognito("AssociateSoftwareToken", Map.of("AccessToken", accessToken)));
        String secret = associated.path("SecretCode").asText();
        assertThat(associated.has("Session")).isFalse();
        clock.advance(Duration.ofSeconds(30));
        assertThat(ok(cognito("VerifySoftwareToken", Map.of("AccessToken", accessToken, "UserCode",
                SignInFixturesAccess.totpCode(clock, secret)))).path("Status").asText()).isEqualTo("SUCCESS");

        long byUser = events.recordsContaining("user:" + sub);
        JsonNode set = ok(cognito("SetUserMFAPreference", Map.of("AccessToken", accessToken,
                "SoftwareTokenMfaSettings", Map.of("Enabled", true, "PreferredMfa", true))));
        assertThat(set.isEmpty()).isTrue();
        assertThat(events.recordsContaining("user:" + sub)).as("recorded as the user's own").isGreaterThan(byUser);

        JsonNode user = ok(cognito("GetUser", Map.of("AccessToken", accessToken)));
        assertThat(user.path("PreferredMfaSetting").asText()).isEqualTo("SOFTWARE_TOKEN_MFA");
        assertThat(user.path("UserMFASettingList").toString()).isEqualTo("[\"SOFTWARE_TOKEN_MFA\"]");

        JsonNode invalid = error(cognito("GetUser", Map.of("AccessToken", "abc.def.ghi")), 403,
                "NotAuthorizedException");
        assertThat(invalid.path("message").asText()).isEqualTo("Invalid Access Token");

        TestApi.Response signedOut = TestApi.anonymous(port).header("Authorization", "Bearer " + accessToken)
                .post("/api/v1/me/sign-out", null);
        assertThat(signedOut.status()).as(signedOut.toString()).isEqualTo(204);
        long before = events.eventCount();
        for (String operation : new String[]{"GetUser", "SetUserMFAPreference", "AssociateSoftwareToken"}) {
            JsonNode revoked = error(cognito(operation, Map.of("AccessToken", accessToken)), 403,
                    "NotAuthorizedException");
            assertThat(revoked.path("message").asText()).isEqualTo("Access Token has been revoked");
        }
        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void anOldSignInNeedsAStepUpCodeToChangeTheFactors() {
        String poolId = SignInFixturesAccess.smsAndTotpPool(api, "StepUp");
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        String secret = SignInFixturesAccess.totpUser(api, clock, poolId, "sten");
        String session = challenge(initiate(clientId, "sten", PASSWORD), "SOFTWARE_TOKEN_MFA").path("Session").asText();
        String accessToken = tokens(respond(clientId, "SOFTWARE_TOKEN_MFA", session, Map.of("USERNAME", "sten",
                "SOFTWARE_TOKEN_MFA_CODE", SignInFixturesAccess.totpCode(clock, secret)))).path("AccessToken").asText();
        clock.advance(Duration.ofMinutes(6));
        Map<String, Object> input = Map.of("AccessToken", accessToken, "SMSMfaSettings",
                Map.of("Enabled", false, "PreferredMfa", false));

        long before = events.eventCount();
        JsonNode refused = error(cognito("SetUserMFAPreference", input), 400, "InvalidParameterException");
        assertThat(refused.path("message").asText()).contains("X-MFA-Code");
        assertThat(events.eventCount()).isEqualTo(before);

        TestApi.Response stepped = TestApi.anonymous(port)
                .header("X-Amz-Target", "AWSCognitoIdentityProviderService.SetUserMFAPreference")
                .header("X-MFA-Code", SignInFixturesAccess.totpCode(clock, secret))
                .send("POST", "/", "{\"AccessToken\":\"" + accessToken + "\",\"SMSMfaSettings\":"
                        + "{\"Enabled\":false}}", "application/x-amz-json-1.1");
        ok(stepped);
    }

    // ---- bad input

    @Test
    void malformedInputIsRefusedAndAppendsNothing() {
        String poolId = SignInFixturesAccess.pool(api, "Strict", "OFF");
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        SignInFixturesAccess.confirmedUser(api, poolId, "bea");
        String session = "x".repeat(30);
        long before = events.eventCount();

        error(cognito("InitiateAuth", Map.of("AuthFlow", "USER_PASSWORD_AUTH")), 400, "InvalidParameterException");
        error(cognito("InitiateAuth", Map.of("ClientId", clientId, "AuthFlow", "PASSWORD_PLEASE")), 400,
                "InvalidParameterException");
        error(cognito("InitiateAuth", Map.of("ClientId", clientId, "AuthFlow", "USER_PASSWORD_AUTH",
                "AuthParameters", "USERNAME=bea")), 400, "SerializationException");
        error(cognito("InitiateAuth", Map.of("ClientId", clientId, "AuthFlow", "USER_PASSWORD_AUTH",
                "AuthParameters", Map.of("USERNAME", "bea"))), 400, "InvalidParameterException");
        error(cognito("RespondToAuthChallenge", Map.of("ClientId", clientId, "ChallengeName", "SMS_MFA",
                "Session", "short")), 400, "InvalidParameterException");
        error(cognito("RespondToAuthChallenge", Map.of("ClientId", clientId, "ChallengeName", "SMS_MFA",
                "Session", session)), 403, "NotAuthorizedException");
        error(cognito("AssociateSoftwareToken", Map.of()), 400, "InvalidParameterException");
        error(cognito("AssociateSoftwareToken", Map.of("Session", session, "AccessToken", "a.b.c")), 400,
                "InvalidParameterException");
        error(cognito("AssociateSoftwareToken", Map.of("Session", session)), 403, "NotAuthorizedException");
        error(cognito("VerifySoftwareToken", Map.of("Session", session, "UserCode", "12ab56")), 400,
                "InvalidParameterException");
        error(cognito("GetUser", Map.of()), 400, "InvalidParameterException");
        error(cognito("SetUserMFAPreference", Map.of("AccessToken", "a.b.c", "SMSMfaSettings",
                Map.of("Enabled", "yes"))), 400, "SerializationException");
        assertThat(events.eventCount()).isEqualTo(before);
    }

    // ---- the AWS SDK: signed admin sign-in, and unsigned calls that the SDK signs anyway

    @Test
    void theAwsSdkSignsInAsAnAdminAndAsAnApp() {
        String poolId = SignInFixturesAccess.smsAndTotpPool(api, "Sdk");
        String clientId = SignInFixturesAccess.client(api, poolId, FLOWS, 3);
        String secret = SignInFixturesAccess.totpUser(api, clock, poolId, "ada");
        SignInFixturesAccess.confirmedUser(api, poolId, "ben");

        try (CognitoIdentityProviderClient cognito = CognitoIdentityProviderClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("ALAKTEST",
                        "test-secret")))
                .build()) {
            for (AuthFlowType flow : new AuthFlowType[]{AuthFlowType.ADMIN_USER_PASSWORD_AUTH,
                    AuthFlowType.ADMIN_NO_SRP_AUTH}) {
                AdminInitiateAuthResponse ben = cognito.adminInitiateAuth(request -> request.userPoolId(poolId)
                        .clientId(clientId).authFlow(flow).authParameters(Map.of("USERNAME", "ben",
                                "PASSWORD", PASSWORD)));
                assertThat(ben.authenticationResult().accessToken()).isNotBlank();
                assertThat(ben.authenticationResult().tokenType()).isEqualTo("Bearer");
            }

            AdminInitiateAuthResponse ada = cognito.adminInitiateAuth(request -> request.userPoolId(poolId)
                    .clientId(clientId).authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", "ada", "PASSWORD", PASSWORD))
                    .contextData(context -> context.ipAddress("198.51.100.4").serverName("app.example")
                            .serverPath("/login").httpHeaders(header -> header.headerName("User-Agent")
                                    .headerValue("browser/1.0"))));
            assertThat(ada.challengeName()).isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
            AdminRespondToAuthChallengeResponse answered = cognito.adminRespondToAuthChallenge(request -> request
                    .userPoolId(poolId).clientId(clientId).challengeName(ChallengeNameType.SOFTWARE_TOKEN_MFA)
                    .session(ada.session()).challengeResponses(Map.of("USERNAME", "ada",
                            "SOFTWARE_TOKEN_MFA_CODE", SignInFixturesAccess.totpCode(clock, secret))));
            assertThat(answered.authenticationResult().refreshToken()).isNotBlank();

            InitiateAuthResponse app = cognito.initiateAuth(request -> request.clientId(clientId)
                    .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", "ben", "PASSWORD", PASSWORD)));
            assertThat(cognito.getUser(request -> request.accessToken(app.authenticationResult().accessToken()))
                    .username()).isEqualTo("ben");

            NotAuthorizedException refused = catchThrowableOfType(NotAuthorizedException.class,
                    () -> cognito.initiateAuth(request -> request.clientId(clientId)
                            .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                            .authParameters(Map.of("USERNAME", "ben", "PASSWORD", "Wrong-Pass-1"))));
            assertThat(refused.awsErrorDetails().errorMessage()).isEqualTo("Incorrect username or password.");
        }
    }

    // ---- helpers

    private TestApi.Response cognito(String operation, Map<String, ?> input) {
        try {
            return TestApi.anonymous(port).header("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation)
                    .send("POST", "/", JSON.writeValueAsString(input), "application/x-amz-json-1.1");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
        return response.json();
    }

    private static JsonNode challenge(TestApi.Response response, String name) {
        JsonNode body = ok(response);
        assertThat(body.path("ChallengeName").asText()).as(response.toString()).isEqualTo(name);
        assertThat(body.path("Session").asText()).isNotBlank();
        assertThat(body.has("AuthenticationResult")).isFalse();
        return body;
    }

    private static JsonNode tokens(TestApi.Response response) {
        JsonNode result = ok(response).path("AuthenticationResult");
        assertThat(result.path("AccessToken").asText()).as(response.toString()).isNotBlank();
        assertThat(result.path("IdToken").asText()).isNotBlank();
        assertThat(result.path("RefreshToken").asText()).isNotBlank();
        assertThat(result.path("TokenType").asText()).isEqualTo("Bearer");
        assertThat(response.json().has("ChallengeName")).isFalse();
        return result;
    }

    private static JsonNode error(TestApi.Response response, int status, String type) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("x-amzn-ErrorType")).isEqualTo(type);
        JsonNode body = response.json();
        assertThat(body.path("__type").asText()).isEqualTo(type);
        assertThat(body.path("message").asText()).isNotBlank();
        return body;
    }
}
