package com.authledger.api.cognito;

import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.ProjectionsCaughtUp;
import com.authledger.support.TestApi;
import com.authledger.user.factor.Totp;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminInitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminRespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AssociateSoftwareTokenResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExpiredCodeException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SmsConfigurationType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SmsMfaConfigType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SoftwareTokenMfaConfigType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifySoftwareTokenResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifySoftwareTokenResponseType;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The proof with a client nobody here wrote: the AWS SDK for Java v2's own Cognito client, pointed at authledger by
 * {@code endpointOverride} and signing admin calls with an access key created through the admin API. Pools, clients,
 * users, MFA set-up and sign-in all go through Cognito's protocol; only the development outbox (SMS codes) and the
 * phone verification set-up use the native API.
 */
@IntegrationTest
class AwsSdkConformanceTest {

    static final String PASSWORD = "Correct-Horse-7";
    static final String SNS_ROLE = "arn:aws:iam::123456789012:role/authledger-sms";
    static final Pattern SIX_DIGITS = Pattern.compile("\\b(\\d{6})\\b");
    static final Totp TOTP = new Totp();

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    DevelopmentOutbox outbox;

    @Autowired
    JdbcTemplate jdbc;

    TestApi api;
    CognitoIdentityProviderClient cognito;
    String accessKeyId;
    String secretAccessKey;

    @BeforeEach
    void setUp() {
        // SigV4 allows 5 minutes of skew from the service's clock: the test clock starts at the real time
        clock.set(Instant.now());
        api = TestApi.admin(port);
        TestApi.Response key = api.post("/api/v1/access-keys", "{\"role\":\"admin\",\"description\":\"sdk test\"}");
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        accessKeyId = key.json().path("accessKeyId").asText();
        secretAccessKey = key.json().path("secretAccessKey").asText();
        cognito = client(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)));
    }

    @AfterEach
    void tearDown() {
        cognito.close();
    }

    CognitoIdentityProviderClient client(AwsCredentialsProvider credentials) {
        return CognitoIdentityProviderClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    // ---- set-up through the protocol

    String pool(String name, UserPoolMfaType mode) {
        return cognito.createUserPool(r -> r.poolName(name).mfaConfiguration(mode)
                .smsAuthenticationMessage("Your code is {####}")
                .smsConfiguration(SmsConfigurationType.builder().snsCallerArn(SNS_ROLE).externalId("authledger-test")
                        .snsRegion("us-east-1").build())).userPool().id();
    }

    void smsAndTotp(String poolId, UserPoolMfaType mode) {
        cognito.setUserPoolMfaConfig(r -> r.userPoolId(poolId).mfaConfiguration(mode)
                .softwareTokenMfaConfiguration(SoftwareTokenMfaConfigType.builder().enabled(true).build())
                .smsMfaConfiguration(SmsMfaConfigType.builder().smsAuthenticationMessage("Your code is {####}")
                        .smsConfiguration(SmsConfigurationType.builder().snsCallerArn(SNS_ROLE)
                                .externalId("authledger-test").snsRegion("us-east-1").build()).build()));
    }

    String appClient(String poolId) {
        return cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("web")
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                        ExplicitAuthFlowsType.ALLOW_ADMIN_USER_PASSWORD_AUTH,
                        ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).userPoolClient().clientId();
    }

    void user(String poolId, String username, AttributeType... attributes) {
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username(username).temporaryPassword("Temporary-Pass-1")
                .messageAction(MessageActionType.SUPPRESS).userAttributes(attributes));
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username(username).password(PASSWORD).permanent(true));
    }

    /** Phone verification is the user's proof of owning the number: done through the native API with its code. */
    void verifyPhone(String poolId, String username, String phone) {
        String user = "/api/v1/pools/" + poolId + "/users/" + username;
        TestApi.Response sent = api.post(user + "/attribute-verification-code", "{\"attribute\":\"phone_number\"}");
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        String code = awaitCode(phone, "VERIFY_PHONE_NUMBER", 0);
        TestApi.Response verified = api.post(user + "/verify-attribute",
                "{\"attribute\":\"phone_number\",\"code\":\"" + code + "\"}");
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
    }

    String awaitCode(String destination, String purpose, long earlier) {
        ProjectionsCaughtUp.until(Duration.ofSeconds(10), () -> count(destination, purpose) > earlier,
                () -> "no new " + purpose + " message was delivered");
        String text = outbox.messages().stream()
                .filter(m -> m.destination().equals(destination) && m.purpose().equals(purpose))
                .map(DevelopmentOutbox.Delivered::text).findFirst().orElseThrow();
        Matcher m = SIX_DIGITS.matcher(text);
        assertThat(m.find()).as("a code in the message").isTrue();
        return m.group(1);
    }

    long count(String destination, String purpose) {
        return outbox.messages().stream()
                .filter(m -> m.destination().equals(destination) && m.purpose().equals(purpose)).count();
    }

    String totpCode(String secret) {
        return TOTP.codeAt(secret, Totp.step(clock.instant()));
    }

    InitiateAuthResponse signIn(String clientId, String username) {
        return cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", PASSWORD)));
    }

    RespondToAuthChallengeResponse answer(String clientId, ChallengeNameType challenge, String session,
                                          Map<String, String> responses) {
        return cognito.respondToAuthChallenge(r -> r.clientId(clientId).challengeName(challenge).session(session)
                .challengeResponses(responses));
    }

    /** The tokens verify against the pool's JWKS with a standard JWT library, and name the pool and client. */
    JWTClaimsSet verify(String poolId, String clientId, AuthenticationResultType tokens) throws Exception {
        assertThat(tokens.tokenType()).isEqualTo("Bearer");
        assertThat(tokens.expiresIn()).isPositive();
        assertThat(tokens.refreshToken()).isNotBlank();
        JWKSet keys = JWKSet.load(new URL("http://127.0.0.1:" + port + "/" + poolId + "/.well-known/jwks.json"));
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys)));
        JWTClaimsSet id = processor.process(tokens.idToken(), null);
        JWTClaimsSet access = processor.process(tokens.accessToken(), null);
        assertThat(id.getStringClaim("token_use")).isEqualTo("id");
        assertThat(id.getAudience()).containsExactly(clientId);
        assertThat(access.getStringClaim("token_use")).isEqualTo("access");
        assertThat(access.getStringClaim("client_id")).isEqualTo(clientId);
        assertThat(access.getIssuer()).endsWith("/" + poolId);
        return access;
    }

    // ---- the scenarios

    @Test
    void aPoolOnWithTotpAddedSetsUpTotpInTheSignInThroughTheSession() throws Exception {
        String poolId = pool("required-pool", UserPoolMfaType.ON);
        smsAndTotp(poolId, UserPoolMfaType.ON);
        assertThat(cognito.getUserPoolMfaConfig(r -> r.userPoolId(poolId)).mfaConfiguration())
                .isEqualTo(UserPoolMfaType.ON);
        String clientId = appClient(poolId);
        user(poolId, "ada");

        InitiateAuthResponse started = signIn(clientId, "ada");
        assertThat(started.challengeName()).isEqualTo(ChallengeNameType.MFA_SETUP);
        assertThat(started.challengeParameters().get("MFAS_CAN_SETUP")).contains("SOFTWARE_TOKEN_MFA");
        String sub = started.challengeParameters().get("USER_ID_FOR_SRP");

        AssociateSoftwareTokenResponse associated = cognito.associateSoftwareToken(r -> r.session(started.session()));
        assertThat(associated.secretCode()).matches("[A-Z2-7]{16,}");
        VerifySoftwareTokenResponse verified = cognito.verifySoftwareToken(r -> r.session(associated.session())
                .userCode(totpCode(associated.secretCode())).friendlyDeviceName("phone"));
        assertThat(verified.status()).isEqualTo(VerifySoftwareTokenResponseType.SUCCESS);

        // as the official JavaScript client answers: only USERNAME (the USER_ID_FOR_SRP it received) and the session
        RespondToAuthChallengeResponse done = answer(clientId, ChallengeNameType.MFA_SETUP, verified.session(),
                Map.of("USERNAME", sub));
        JWTClaimsSet access = verify(poolId, clientId, done.authenticationResult());
        assertThat(access.getSubject()).isEqualTo(sub);

        // the next sign-in asks for the authenticator's code
        clock.advance(Duration.ofSeconds(30));
        InitiateAuthResponse again = signIn(clientId, "ada");
        assertThat(again.challengeName()).isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
        verify(poolId, clientId, answer(clientId, ChallengeNameType.SOFTWARE_TOKEN_MFA, again.session(),
                Map.of("USERNAME", "ada", "SOFTWARE_TOKEN_MFA_CODE", totpCode(associated.secretCode())))
                .authenticationResult());
    }

    /** Signs "ada" in once without MFA, enrols an authenticator with the access token and prefers it. */
    String totpPreferredUser(String poolId, String clientId, String username) {
        user(poolId, username);
        InitiateAuthResponse first = signIn(clientId, username);
        assertThat(first.challengeName()).isNull();
        String accessToken = first.authenticationResult().accessToken();
        String secret = cognito.associateSoftwareToken(r -> r.accessToken(accessToken)).secretCode();
        assertThat(cognito.verifySoftwareToken(r -> r.accessToken(accessToken).userCode(totpCode(secret))).status())
                .isEqualTo(VerifySoftwareTokenResponseType.SUCCESS);
        cognito.setUserMFAPreference(r -> r.accessToken(accessToken)
                .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(true)));
        clock.advance(Duration.ofSeconds(30));
        return secret;
    }

    @Test
    void anOptionalPoolWithTotpPreferredAsksForTheCodeAndRefusesAWrongOrReusedOne() throws Exception {
        String poolId = pool("optional-pool", UserPoolMfaType.OPTIONAL);
        smsAndTotp(poolId, UserPoolMfaType.OPTIONAL);
        String clientId = appClient(poolId);
        String secret = totpPreferredUser(poolId, clientId, "bob");
        assertThat(cognito.adminGetUser(r -> r.userPoolId(poolId).username("bob")).preferredMfaSetting())
                .isEqualTo("SOFTWARE_TOKEN_MFA");

        InitiateAuthResponse started = signIn(clientId, "bob");
        assertThat(started.challengeName()).isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
        String code = totpCode(secret);
        String wrong = code.equals("000000") ? "111111" : "000000";
        assertThatThrownBy(() -> answer(clientId, ChallengeNameType.SOFTWARE_TOKEN_MFA, started.session(),
                Map.of("USERNAME", "bob", "SOFTWARE_TOKEN_MFA_CODE", wrong)))
                .isInstanceOf(CodeMismatchException.class);
        RespondToAuthChallengeResponse done = answer(clientId, ChallengeNameType.SOFTWARE_TOKEN_MFA, started.session(),
                Map.of("USERNAME", "bob", "SOFTWARE_TOKEN_MFA_CODE", code));
        verify(poolId, clientId, done.authenticationResult());

        // the same code again, in a new sign-in within its window
        InitiateAuthResponse again = signIn(clientId, "bob");
        assertThatThrownBy(() -> answer(clientId, ChallengeNameType.SOFTWARE_TOKEN_MFA, again.session(),
                Map.of("USERNAME", "bob", "SOFTWARE_TOKEN_MFA_CODE", code)))
                .isInstanceOf(ExpiredCodeException.class);
    }

    @Test
    void smsToAVerifiedPhoneThroughTheAdminFlow() throws Exception {
        String poolId = pool("sms-pool", UserPoolMfaType.OPTIONAL);
        String clientId = appClient(poolId);
        String phone = "+15555550123";
        user(poolId, "cyd", AttributeType.builder().name("phone_number").value(phone).build());
        verifyPhone(poolId, "cyd", phone);
        cognito.adminSetUserMFAPreference(r -> r.userPoolId(poolId).username("cyd")
                .smsMfaSettings(s -> s.enabled(true).preferredMfa(true)));

        AdminInitiateAuthResponse started = cognito.adminInitiateAuth(r -> r.userPoolId(poolId).clientId(clientId)
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", "cyd", "PASSWORD", PASSWORD)));
        assertThat(started.challengeName()).isEqualTo(ChallengeNameType.SMS_MFA);
        assertThat(started.challengeParameters()).containsEntry("CODE_DELIVERY_DELIVERY_MEDIUM", "SMS")
                .containsEntry("CODE_DELIVERY_DESTINATION", "+*******0123");
        String code = awaitCode(phone, "SIGN_IN_MFA", 0);
        AdminRespondToAuthChallengeResponse done = cognito.adminRespondToAuthChallenge(r -> r.userPoolId(poolId)
                .clientId(clientId).challengeName(ChallengeNameType.SMS_MFA).session(started.session())
                .challengeResponses(Map.of("USERNAME", "cyd", "SMS_MFA_CODE", code)));
        verify(poolId, clientId, done.authenticationResult());
    }

    @Test
    void twoFactorsAndNoPreferenceLetTheUserSelect() throws Exception {
        String poolId = pool("select-pool", UserPoolMfaType.OPTIONAL);
        smsAndTotp(poolId, UserPoolMfaType.OPTIONAL);
        String clientId = appClient(poolId);
        String phone = "+15555550124";
        String secret = totpPreferredUser(poolId, clientId, "dee");
        cognito.adminUpdateUserAttributes(r -> r.userPoolId(poolId).username("dee")
                .userAttributes(AttributeType.builder().name("phone_number").value(phone).build()));
        verifyPhone(poolId, "dee", phone);
        cognito.adminSetUserMFAPreference(r -> r.userPoolId(poolId).username("dee")
                .smsMfaSettings(s -> s.enabled(true).preferredMfa(false))
                .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(false)));

        InitiateAuthResponse started = signIn(clientId, "dee");
        assertThat(started.challengeName()).isEqualTo(ChallengeNameType.SELECT_MFA_TYPE);
        assertThat(started.challengeParameters().get("MFAS_CAN_CHOOSE"))
                .contains("SMS_MFA").contains("SOFTWARE_TOKEN_MFA");
        RespondToAuthChallengeResponse chosen = answer(clientId, ChallengeNameType.SELECT_MFA_TYPE,
                started.session(), Map.of("USERNAME", "dee", "ANSWER", "SOFTWARE_TOKEN_MFA"));
        assertThat(chosen.challengeName()).isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
        verify(poolId, clientId, answer(clientId, ChallengeNameType.SOFTWARE_TOKEN_MFA, chosen.session(),
                Map.of("USERNAME", "dee", "SOFTWARE_TOKEN_MFA_CODE", totpCode(secret))).authenticationResult());
    }

    @Test
    void anExpiredOrAnAlreadyUsedSessionIsRefusedWithCognitosMessages() {
        String poolId = pool("session-pool", UserPoolMfaType.OPTIONAL);
        smsAndTotp(poolId, UserPoolMfaType.OPTIONAL);
        String clientId = appClient(poolId);
        String secret = totpPreferredUser(poolId, clientId, "eve");

        InitiateAuthResponse used = signIn(clientId, "eve");
        answer(clientId, ChallengeNameType.SOFTWARE_TOKEN_MFA, used.session(),
                Map.of("USERNAME", "eve", "SOFTWARE_TOKEN_MFA_CODE", totpCode(secret)));
        clock.advance(Duration.ofSeconds(30));
        assertThatThrownBy(() -> answer(clientId, ChallengeNameType.SOFTWARE_TOKEN_MFA, used.session(),
                Map.of("USERNAME", "eve", "SOFTWARE_TOKEN_MFA_CODE", totpCode(secret))))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("Invalid session for the user, session can only be used once.");

        InitiateAuthResponse expired = signIn(clientId, "eve");
        clock.advance(Duration.ofMinutes(3).plusSeconds(30));
        assertThatThrownBy(() -> answer(clientId, ChallengeNameType.SOFTWARE_TOKEN_MFA, expired.session(),
                Map.of("USERNAME", "eve", "SOFTWARE_TOKEN_MFA_CODE", totpCode(secret))))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("Invalid session for the user, session is expired.");
    }

    @Test
    void mfaCannotBeTurnedOnForAnExistingPoolNorLeftOptionalWithoutAFactor() {
        String poolId = pool("existing-pool", UserPoolMfaType.OFF);
        EventStoreProbe events = new EventStoreProbe(jdbc);
        long before = events.eventCount();
        assertThatThrownBy(() -> smsAndTotp(poolId, UserPoolMfaType.ON))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> cognito.updateUserPool(r -> r.userPoolId(poolId).mfaConfiguration(UserPoolMfaType.ON)
                .smsConfiguration(SmsConfigurationType.builder().snsCallerArn(SNS_ROLE).externalId("authledger-test")
                        .build())))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Cannot turn MFA functionality ON, once the user pool has been created.");
        assertThatThrownBy(() -> cognito.setUserPoolMfaConfig(r -> r.userPoolId(poolId)
                .mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .softwareTokenMfaConfiguration(SoftwareTokenMfaConfigType.builder().enabled(false).build())))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("can't disable all MFAs with a required or optional configuration");
        assertThat(events.eventCount()).isEqualTo(before);
        assertThat(cognito.getUserPoolMfaConfig(r -> r.userPoolId(poolId)).mfaConfiguration())
                .isEqualTo(UserPoolMfaType.OFF);
    }

    @Test
    void anUnsignedOrWronglySignedAdminCallIsRefusedAndCreatesNothing() {
        EventStoreProbe events = new EventStoreProbe(jdbc);
        long before = events.eventCount();
        try (CognitoIdentityProviderClient unsigned = client(AnonymousCredentialsProvider.create());
             CognitoIdentityProviderClient wrong = client(StaticCredentialsProvider.create(
                     AwsBasicCredentials.create(accessKeyId, "not-the-secret-" + "x".repeat(25))))) {
            assertThatThrownBy(() -> unsigned.createUserPool(r -> r.poolName("unsigned")))
                    .isInstanceOfSatisfying(CognitoIdentityProviderException.class, e ->
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingAuthenticationTokenException"));
            assertThatThrownBy(() -> wrong.createUserPool(r -> r.poolName("wrongly-signed")))
                    .isInstanceOfSatisfying(CognitoIdentityProviderException.class, e ->
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException"));
        }
        assertThat(events.eventCount()).isEqualTo(before);
        assertThat(cognito.listUserPools(r -> r.maxResults(60)).userPools())
                .noneMatch(p -> List.of("unsigned", "wrongly-signed").contains(p.name()));
    }
}
