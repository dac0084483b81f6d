package com.authledger.api.cognito;

import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.ProjectionsCaughtUp;
import com.authledger.support.TestApi;
import com.authledger.user.factor.Totp;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminCreateUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static com.authledger.api.cognito.CognitoCalls.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The admin user operations of Cognito's protocol, through {@code POST /}: output shapes with Cognito's member
 * names, the refusals in Cognito's terms (and that none of them appends an event), the roles of access keys, and
 * that each operation acts on the same users the REST API sees.
 */
@IntegrationTest
class UserAdminOperationsTest {

    static final String PASSWORD = "Correct-Horse-7";
    static final String MARKER = "SECRET-MARKER-123";
    static final String POOLS = "/api/v1/pools";

    @TestConfiguration
    static class Signatures {
        @Bean
        @Primary
        CognitoCalls.TestSignatures testSignatures() {
            return new CognitoCalls.TestSignatures();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DevelopmentOutbox outbox;

    @Autowired
    MutableClock clock;

    TestApi rest;
    CognitoCalls cognito;
    EventStoreProbe events;
    String poolId;

    @BeforeEach
    void setUp() {
        rest = TestApi.admin(port);
        cognito = CognitoCalls.admin(port);
        events = new EventStoreProbe(jdbc);
        poolId = createPool("{\"name\":\"Acme\",\"mfaMode\":\"OPTIONAL\",\"totpMfa\":{\"enabled\":true},"
                + "\"smsMfa\":{\"enabled\":true,\"message\":\"Your code is {####}\"},"
                + "\"smsSender\":{\"credentialsRef\":\"arn:aws:iam::123456789012:role/authledger-sms\","
                + "\"externalId\":\"ext-1\",\"region\":\"us-east-1\"},"
                + "\"verification\":{\"autoVerifiedAttributes\":[\"phone_number\",\"email\"]}}");
    }

    // ---- AdminCreateUser and AdminGetUser

    @Test
    void adminCreateUserAnswersCognitosUserTypeAndSendsNothing() {
        long before = outbox.messages().size();
        JsonNode created = cognito.ok("AdminCreateUser", "{\"UserPoolId\":\"" + poolId + "\",\"Username\":\"Alice\","
                + "\"TemporaryPassword\":\"" + PASSWORD + "\",\"MessageAction\":\"SUPPRESS\","
                + "\"DesiredDeliveryMediums\":[\"EMAIL\"],\"UserAttributes\":["
                + "{\"Name\":\"name\",\"Value\":\"Alice Liddell\"},{\"Name\":\"email\",\"Value\":\"alice@example.com\"},"
                + "{\"Name\":\"email_verified\",\"Value\":\"true\"},"
                + "{\"Name\":\"phone_number\",\"Value\":\"+15555550160\"}]}");

        assertThat(names(created)).containsExactly("User");
        JsonNode user = created.path("User");
        assertThat(names(user)).containsExactlyInAnyOrder("Username", "Attributes", "UserCreateDate",
                "UserLastModifiedDate", "Enabled", "UserStatus");
        assertThat(user.path("Username").asText()).isEqualTo("Alice");
        assertThat(user.path("UserStatus").asText()).isEqualTo("FORCE_CHANGE_PASSWORD");
        assertThat(user.path("Enabled").asBoolean()).isTrue();
        assertThat(user.path("UserCreateDate").isNumber()).isTrue();
        String sub = attribute(user.path("Attributes"), "sub");
        assertThat(sub).isNotBlank();
        assertThat(attribute(user.path("Attributes"), "name")).isEqualTo("Alice Liddell");
        assertThat(attribute(user.path("Attributes"), "email")).isEqualTo("alice@example.com");
        assertThat(attribute(user.path("Attributes"), "email_verified")).isEqualTo("true");
        assertThat(attribute(user.path("Attributes"), "phone_number")).isEqualTo("+15555550160");
        assertThat(attribute(user.path("Attributes"), "phone_number_verified")).isEqualTo("false");
        for (JsonNode attribute : user.path("Attributes")) {
            assertThat(names(attribute)).containsExactly("Name", "Value");
        }

        // the same user the REST API sees, created by the access key
        JsonNode viaRest = rest.get(POOLS + "/" + poolId + "/users/alice").json();
        assertThat(viaRest.path("sub").asText()).isEqualTo(sub);
        assertThat(viaRest.path("status").asText()).isEqualTo("FORCE_CHANGE_PASSWORD");
        assertThat(events.recordsContaining("accesskey:" + CognitoCalls.ADMIN_KEY)).isPositive();
        // no invitation is sent, SUPPRESS or not
        assertThat(outbox.messages().size()).isEqualTo(before);

        // AdminGetUser by the username in another case, and by the sub
        for (String name : List.of("ALICE", sub)) {
            JsonNode got = cognito.ok("AdminGetUser", user(poolId, name));
            assertThat(names(got)).containsExactlyInAnyOrder("Username", "UserAttributes", "UserCreateDate",
                    "UserLastModifiedDate", "Enabled", "UserStatus");
            assertThat(got.path("Username").asText()).isEqualTo("Alice");
            assertThat(got.path("UserStatus").asText()).isEqualTo("FORCE_CHANGE_PASSWORD");
            assertThat(got.path("UserAttributes")).isEqualTo(user.path("Attributes"));
        }
    }

    @Test
    void adminCreateUserRefusalsChangeNothingAndEchoNoValue() {
        createUser("taken");
        long before = events.eventCount();
        String pool = "{\"UserPoolId\":\"" + poolId + "\",";
        String temporary = "\"TemporaryPassword\":\"" + PASSWORD + "\"";

        assertThat(assertError(cognito.call("AdminCreateUser", pool + "\"Username\":\"nopass\"}"), 400,
                "InvalidParameterException")).contains("TemporaryPassword").contains("does not generate");
        assertThat(assertError(cognito.call("AdminCreateUser", pool + "\"Username\":\"again\"," + temporary
                + ",\"MessageAction\":\"RESEND\"}"), 400, "InvalidParameterException")).contains("RESEND");
        assertThat(assertError(cognito.call("AdminCreateUser", pool + "\"Username\":\"x\"," + temporary
                + ",\"MessageAction\":\"LOUD\"}"), 400, "InvalidParameterException"))
                .contains("'messageAction'").contains("enum value set");
        assertThat(assertError(cognito.call("AdminCreateUser", pool + "\"Username\":\"x\"," + temporary
                + ",\"UserAttributes\":[{\"Name\":\"custom:" + MARKER + "\",\"Value\":\"" + MARKER + "\"}]}"), 400,
                "InvalidParameterException")).doesNotContain(MARKER).contains("only name, email");
        assertThat(assertError(cognito.call("AdminCreateUser", pool + "\"Username\":\"x\"," + temporary
                + ",\"UserAttributes\":[{\"Name\":\"sub\",\"Value\":\"" + MARKER + "\"}]}"), 400,
                "InvalidParameterException")).doesNotContain(MARKER).contains("sub");
        assertThat(assertError(cognito.call("AdminCreateUser", pool + "\"Username\":\"x\"," + temporary
                + ",\"UserAttributes\":[{\"Name\":\"email_verified\",\"Value\":\"" + MARKER + "\"}]}"), 400,
                "InvalidParameterException")).doesNotContain(MARKER);
        assertThat(assertError(cognito.call("AdminCreateUser", pool + "\"Username\":\"x\"," + temporary
                + ",\"UserAttributes\":[{\"Name\":\"phone_number\",\"Value\":\"" + MARKER + "\"}]}"), 400,
                "InvalidParameterException")).doesNotContain(MARKER);
        assertError(cognito.call("AdminCreateUser", pool + "\"Username\":\"x\"," + temporary
                + ",\"UserAttributes\":\"email\"}"), 400, "SerializationException");
        assertThat(assertError(cognito.call("AdminCreateUser", pool + "\"Username\":\"weak\","
                + "\"TemporaryPassword\":\"" + MARKER.toLowerCase() + "\"}"), 400, "InvalidPasswordException"))
                .doesNotContainIgnoringCase(MARKER);
        assertError(cognito.call("AdminCreateUser", pool + "\"Username\":\"TAKEN\"," + temporary + "}"), 400,
                "UsernameExistsException");
        assertThat(assertError(cognito.call("AdminCreateUser", "{\"Username\":\"x\"," + temporary + "}"), 400,
                "InvalidParameterException")).contains("'userPoolId'").contains("must not be null");
        assertError(cognito.call("AdminCreateUser", "{\"UserPoolId\":\"us-east-1_Nowhere99\",\"Username\":\"x\","
                + temporary + "}"), 404, "ResourceNotFoundException");

        assertThat(events.eventCount()).isEqualTo(before);
        assertThat(events.recordsContaining(MARKER)).isZero();
    }

    // ---- AdminSetUserPassword, AdminUpdateUserAttributes, AdminDeleteUser

    @Test
    void adminSetUserPasswordMakesItPermanentOrKeepsItTemporary() {
        createUser("bob");
        assertThat(cognito.ok("AdminSetUserPassword", body(poolId, "bob", "\"Password\":\"Another-Horse-8\","
                + "\"Permanent\":true"))).isEmpty();
        assertThat(cognito.ok("AdminGetUser", user(poolId, "bob")).path("UserStatus").asText())
                .isEqualTo("CONFIRMED");
        assertThat(cognito.ok("AdminSetUserPassword", body(poolId, "bob", "\"Password\":\"Third-Horse-9\"")))
                .isEmpty();
        assertThat(cognito.ok("AdminGetUser", user(poolId, "bob")).path("UserStatus").asText())
                .isEqualTo("FORCE_CHANGE_PASSWORD");

        long before = events.eventCount();
        assertThat(assertError(cognito.call("AdminSetUserPassword", body(poolId, "bob", "\"Password\":\""
                + MARKER.toLowerCase() + "\",\"Permanent\":true")), 400, "InvalidPasswordException"))
                .doesNotContainIgnoringCase(MARKER);
        assertThat(assertError(cognito.call("AdminSetUserPassword", user(poolId, "bob")), 400,
                "InvalidParameterException")).contains("'password'");
        assertError(cognito.call("AdminSetUserPassword", body(poolId, "bob", "\"Password\":\"Fine-Horse-10\","
                + "\"Permanent\":\"yes\"")), 400, "SerializationException");
        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void adminUpdateUserAttributesChangesWhatAdminGetUserShows() {
        createUser("carol");
        assertThat(cognito.ok("AdminUpdateUserAttributes", body(poolId, "carol", "\"UserAttributes\":["
                + "{\"Name\":\"name\",\"Value\":\"Carol\"},{\"Name\":\"phone_number\",\"Value\":\"+15555550161\"},"
                + "{\"Name\":\"phone_number_verified\",\"Value\":\"true\"}]"))).isEmpty();
        JsonNode got = cognito.ok("AdminGetUser", user(poolId, "carol"));
        assertThat(attribute(got.path("UserAttributes"), "name")).isEqualTo("Carol");
        assertThat(attribute(got.path("UserAttributes"), "phone_number")).isEqualTo("+15555550161");
        assertThat(attribute(got.path("UserAttributes"), "phone_number_verified")).isEqualTo("true");
        JsonNode viaRest = rest.get(POOLS + "/" + poolId + "/users/carol").json().path("attributes");
        assertThat(viaRest.path("phoneNumberVerified").asBoolean()).isTrue();

        long before = events.eventCount();
        assertThat(assertError(cognito.call("AdminUpdateUserAttributes", user(poolId, "carol")), 400,
                "InvalidParameterException")).contains("'userAttributes'");
        assertThat(assertError(cognito.call("AdminUpdateUserAttributes", body(poolId, "carol",
                "\"UserAttributes\":[{\"Name\":\"email\",\"Value\":\"" + MARKER + "\"}]")), 400,
                "InvalidParameterException")).doesNotContain(MARKER);
        assertError(cognito.call("AdminUpdateUserAttributes", body(poolId, "carol",
                "\"UserAttributes\":[{\"Name\":\"name\",\"Value\":\"A\"},{\"Name\":\"name\",\"Value\":\"B\"}]")), 400,
                "InvalidParameterException");
        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void adminDeleteUserFreesTheNameAndTheUserIsGone() {
        String sub = createUser("dave");
        assertThat(cognito.ok("AdminDeleteUser", user(poolId, sub))).isEmpty();
        assertThat(assertError(cognito.call("AdminGetUser", user(poolId, "dave")), 404, "UserNotFoundException"))
                .isEqualTo("User does not exist.");
        assertThat(rest.get(POOLS + "/" + poolId + "/users/dave").status()).isEqualTo(404);
        createUser("dave");
    }

    // ---- MFA preferences and the authenticator

    @Test
    void adminSetUserMfaPreferenceFollowsTheAggregatesRules() {
        createUser("nophone");
        createUser("unverified", "\"phoneNumber\":\"+15555550162\"");
        long before = events.eventCount();
        String smsOn = "\"SMSMfaSettings\":{\"Enabled\":true,\"PreferredMfa\":true}";
        String totpOn = "\"SoftwareTokenMfaSettings\":{\"Enabled\":true,\"PreferredMfa\":true}";

        assertThat(assertError(cognito.call("AdminSetUserMFAPreference", body(poolId, "nophone", smsOn)), 400,
                "InvalidParameterException")).isEqualTo("User does not have a phone_number set to turn on SMS MFA");
        assertThat(assertError(cognito.call("AdminSetUserMFAPreference", body(poolId, "unverified", smsOn)), 400,
                "InvalidParameterException")).contains("verified phone number");
        assertThat(assertError(cognito.call("AdminSetUserMFAPreference", body(poolId, "unverified", totpOn)), 400,
                "InvalidParameterException")).isEqualTo("User has not set up software token mfa");
        assertError(cognito.call("AdminSetUserMFAPreference", body(poolId, "unverified",
                "\"EmailMfaSettings\":{\"Enabled\":true}")), 400, "InvalidParameterException");
        assertError(cognito.call("AdminSetUserMFAPreference", body(poolId, "unverified",
                "\"SMSMfaSettings\":{\"Enabled\":\"true\"}")), 400, "SerializationException");
        String totpOnly = createPool("{\"name\":\"Totp only\",\"mfaMode\":\"OPTIONAL\",\"totpMfa\":{\"enabled\":true}}");
        createUserIn(totpOnly, "sam", "\"phoneNumber\":\"+15555550163\"", "\"phoneNumberVerified\":true");
        long beforeSam = events.eventCount();
        assertError(cognito.call("AdminSetUserMFAPreference", body(totpOnly, "sam", smsOn)), 400,
                "InvalidParameterException");
        assertThat(events.eventCount()).isEqualTo(beforeSam);
        assertThat(events.eventCount() - before).as("only sam's creation").isPositive();
    }

    @Test
    void adminSetUserMfaPreferenceAndAdminDeleteSoftwareTokenShowInAdminGetUser() {
        createUser("erin", "\"phoneNumber\":\"+15555550164\"", "\"phoneNumberVerified\":true");
        assertThat(cognito.ok("AdminSetUserMFAPreference", body(poolId, "erin",
                "\"SMSMfaSettings\":{\"Enabled\":true,\"PreferredMfa\":true}"))).isEmpty();
        JsonNode got = cognito.ok("AdminGetUser", user(poolId, "erin"));
        assertThat(names(got)).contains("PreferredMfaSetting", "UserMFASettingList", "MFAOptions");
        assertThat(got.path("PreferredMfaSetting").asText()).isEqualTo("SMS_MFA");
        assertThat(texts(got.path("UserMFASettingList"))).containsExactly("SMS_MFA");
        assertThat(names(got.path("MFAOptions").get(0))).containsExactlyInAnyOrder("DeliveryMedium", "AttributeName");

        // an authenticator through the REST API, then TOTP preferred through Cognito's
        String user = POOLS + "/" + poolId + "/users/erin";
        String secret = rest.post(user + "/software-token", null).json().path("secretCode").asText();
        TestApi.Response verified = rest.post(user + "/software-token/verify", "{\"userCode\":\""
                + new Totp().codeAt(secret, Totp.step(clock.instant())) + "\"}");
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        assertThat(cognito.ok("AdminSetUserMFAPreference", body(poolId, "erin",
                "\"SoftwareTokenMfaSettings\":{\"Enabled\":true,\"PreferredMfa\":true}"))).isEmpty();
        got = cognito.ok("AdminGetUser", user(poolId, "erin"));
        assertThat(got.path("PreferredMfaSetting").asText()).isEqualTo("SOFTWARE_TOKEN_MFA");
        assertThat(texts(got.path("UserMFASettingList"))).containsExactly("SMS_MFA", "SOFTWARE_TOKEN_MFA");

        assertThat(cognito.ok("AdminDeleteSoftwareToken", user(poolId, "erin"))).isEmpty();
        got = cognito.ok("AdminGetUser", user(poolId, "erin"));
        assertThat(texts(got.path("UserMFASettingList"))).containsExactly("SMS_MFA");
        assertThat(rest.get(user).json().path("mfa").path("softwareToken").path("verified").asBoolean()).isFalse();
        // a second removal finds nothing to remove and changes nothing
        long before = events.eventCount();
        assertThat(cognito.ok("AdminDeleteSoftwareToken", user(poolId, "erin"))).isEmpty();
        assertThat(events.eventCount()).isEqualTo(before);
    }

    // ---- sign-in history and sign-out

    @Test
    void adminListUserAuthEventsPagesTheSignInHistory() {
        String clientId = clientWithPasswordFlows();
        confirmedUser("fay");
        assertThat(signIn(clientId, "fay", "Wrong-Password-1").status()).isEqualTo(400);
        assertThat(signIn(clientId, "fay", PASSWORD).status()).isEqualTo(200);

        List<JsonNode> all = new ArrayList<>();
        ProjectionsCaughtUp.until(Duration.ofSeconds(10), () -> {
            all.clear();
            cognito.ok("AdminListUserAuthEvents", user(poolId, "fay")).path("AuthEvents").forEach(all::add);
            // the sign-in's success reaches the projection after its start: wait for both
            return all.size() == 2 && all.get(0).path("EventResponse").asText().equals("Pass");
        }, () -> "two auth events, the newest passed; found " + all);
        JsonNode newest = all.get(0);
        assertThat(names(newest)).containsExactlyInAnyOrder("EventId", "EventType", "CreationDate", "EventResponse",
                "ChallengeResponses", "EventContextData");
        assertThat(newest.path("EventType").asText()).isEqualTo("SignIn");
        assertThat(newest.path("EventResponse").asText()).isEqualTo("Pass");
        assertThat(newest.path("CreationDate").isNumber()).isTrue();
        assertThat(names(newest.path("ChallengeResponses").get(0)))
                .containsExactly("ChallengeName", "ChallengeResponse");
        assertThat(newest.path("ChallengeResponses").get(0).path("ChallengeName").asText()).isEqualTo("Password");
        assertThat(names(newest.path("EventContextData"))).containsExactlyInAnyOrder("IpAddress", "DeviceName");
        assertThat(all.get(1).path("EventResponse").asText()).isEqualTo("Fail");

        // MaxResults pages; the auditor may read
        CognitoCalls auditor = CognitoCalls.auditor(port);
        JsonNode first = auditor.ok("AdminListUserAuthEvents", body(poolId, "fay", "\"MaxResults\":1"));
        assertThat(first.path("AuthEvents")).hasSize(1);
        String token = first.path("NextToken").asText();
        assertThat(token).isNotBlank();
        JsonNode second = auditor.ok("AdminListUserAuthEvents", body(poolId, "fay",
                "\"MaxResults\":1,\"NextToken\":\"" + token + "\""));
        assertThat(second.path("AuthEvents").get(0).path("EventId")).isEqualTo(all.get(1).path("EventId"));

        assertThat(assertError(cognito.call("AdminListUserAuthEvents", body(poolId, "fay", "\"MaxResults\":61")),
                400, "InvalidParameterException")).contains("'maxResults'").contains("less than or equal to 60");
        assertThat(assertError(cognito.call("AdminListUserAuthEvents", body(poolId, "fay", "\"NextToken\":\""
                + MARKER + "\"")), 400, "InvalidParameterException")).doesNotContain(MARKER);
    }

    @Test
    void adminUserGlobalSignOutRevokesTheRefreshTokens() {
        String clientId = clientWithPasswordFlows();
        confirmedUser("gil");
        TestApi.Response signedIn = signIn(clientId, "gil", PASSWORD);
        String refreshToken = signedIn.json().path("authenticationResult").path("refreshToken").asText();
        assertThat(refreshToken).isNotBlank();

        assertThat(cognito.ok("AdminUserGlobalSignOut", user(poolId, "GIL"))).isEmpty();
        TestApi.Response refreshed = rest.post(POOLS + "/" + poolId + "/auth/initiate", "{\"clientId\":\""
                + clientId + "\",\"authFlow\":\"REFRESH_TOKEN_AUTH\",\"authParameters\":{\"REFRESH_TOKEN\":\""
                + refreshToken + "\"}}");
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(400);
        assertThat(refreshed.code()).isEqualTo("RefreshTokenRevoked");
    }

    // ---- who may call, and unknown users and pools

    @Test
    void anAuditorReadsTheHistoryButNotContactDetailsAndChangesNothingAndAnUnsignedCallIsRefused() {
        createUser("hal");
        long before = events.eventCount();
        CognitoCalls auditor = CognitoCalls.auditor(port);
        // as with auditor API keys on the REST API: the sign-in history, not the user's email and phone number
        assertThat(auditor.ok("AdminListUserAuthEvents", user(poolId, "hal")).has("AuthEvents")).isTrue();
        assertThat(assertError(auditor.call("AdminGetUser", user(poolId, "hal")), 400, "AccessDeniedException"))
                .contains("AdminGetUser");
        assertThat(assertError(auditor.call("AdminDeleteUser", user(poolId, "hal")), 400, "AccessDeniedException"))
                .contains("auditor").contains("AdminDeleteUser");
        for (String write : List.of("AdminCreateUser", "AdminSetUserPassword", "AdminUpdateUserAttributes",
                "AdminSetUserMFAPreference", "AdminDeleteSoftwareToken", "AdminUserGlobalSignOut")) {
            assertError(auditor.call(write, user(poolId, "hal")), 400, "AccessDeniedException");
        }
        assertError(CognitoCalls.unsigned(port).call("AdminGetUser", user(poolId, "hal")), 403,
                "MissingAuthenticationTokenException");
        assertThat(events.eventCount()).isEqualTo(before);
        assertThat(cognito.ok("AdminGetUser", user(poolId, "hal")).path("UserStatus").asText())
                .isEqualTo("FORCE_CHANGE_PASSWORD");
    }

    @Test
    void everyOperationAnswersUserNotFoundAndResourceNotFoundAndValidatesItsMembers() {
        long before = events.eventCount();
        List<String> operations = List.of("AdminSetUserPassword", "AdminGetUser", "AdminUpdateUserAttributes",
                "AdminDeleteUser", "AdminSetUserMFAPreference", "AdminDeleteSoftwareToken",
                "AdminListUserAuthEvents", "AdminUserGlobalSignOut");
        String valid = "\"Password\":\"" + PASSWORD + "\",\"UserAttributes\":[]";
        for (String operation : operations) {
            assertThat(assertError(cognito.call(operation, body(poolId, MARKER, valid)), 404,
                    "UserNotFoundException")).as(operation).isEqualTo("User does not exist.");
            assertThat(assertError(cognito.call(operation, body("us-east-1_Nowhere99", "anyone", valid)), 404,
                    "ResourceNotFoundException")).as(operation).doesNotContain("Nowhere99");
            assertThat(assertError(cognito.call(operation, "{\"UserPoolId\":\"" + poolId + "\"}"), 400,
                    "InvalidParameterException")).as(operation)
                    .isEqualTo("1 validation error detected: Value at 'username' failed to satisfy constraint: "
                            + "Member must not be null");
            assertThat(assertError(cognito.call(operation, body("not a pool " + MARKER, "anyone", valid)), 400,
                    "InvalidParameterException")).as(operation).contains("'userPoolId'").doesNotContain(MARKER);
        }
        assertThat(events.eventCount()).isEqualTo(before);
    }

    // ---- the AWS SDK for Java, pointed at the service

    @Test
    void theAwsSdkCallsEveryOperationAndReadsItsShapesAndErrors() {
        try (CognitoIdentityProviderClient sdk = sdk(CognitoCalls.ADMIN_KEY);
             CognitoIdentityProviderClient auditorSdk = sdk(CognitoCalls.AUDITOR_KEY)) {
            AdminCreateUserResponse created = sdk.adminCreateUser(b -> b.userPoolId(poolId).username("iris")
                    .temporaryPassword(PASSWORD).messageAction(MessageActionType.SUPPRESS)
                    .userAttributes(AttributeType.builder().name("phone_number").value("+15555550165").build(),
                            AttributeType.builder().name("phone_number_verified").value("true").build()));
            assertThat(created.user().username()).isEqualTo("iris");
            assertThat(created.user().userStatus()).isEqualTo(UserStatusType.FORCE_CHANGE_PASSWORD);
            assertThat(created.user().enabled()).isTrue();
            assertThat(created.user().userCreateDate()).isNotNull();
            String sub = created.user().attributes().stream().filter(a -> a.name().equals("sub")).findFirst()
                    .orElseThrow().value();

            sdk.adminSetUserPassword(b -> b.userPoolId(poolId).username("iris").password("Another-Horse-8")
                    .permanent(true));
            sdk.adminUpdateUserAttributes(b -> b.userPoolId(poolId).username(sub)
                    .userAttributes(AttributeType.builder().name("name").value("Iris").build()));
            sdk.adminSetUserMFAPreference(b -> b.userPoolId(poolId).username("iris")
                    .smsMfaSettings(s -> s.enabled(true).preferredMfa(true)));
            AdminGetUserResponse got = sdk.adminGetUser(b -> b.userPoolId(poolId).username("IRIS"));
            assertThat(got.userStatus()).isEqualTo(UserStatusType.CONFIRMED);
            assertThat(got.userMFASettingList()).containsExactly("SMS_MFA");
            assertThat(got.preferredMfaSetting()).isEqualTo("SMS_MFA");
            assertThat(got.userAttributes()).contains(AttributeType.builder().name("name").value("Iris").build());
            assertThat(got.userCreateDate()).isEqualTo(created.user().userCreateDate());

            sdk.adminDeleteSoftwareToken(b -> b.userPoolId(poolId).username("iris"));
            sdk.adminUserGlobalSignOut(b -> b.userPoolId(poolId).username("iris"));
            assertThat(auditorSdk.adminListUserAuthEvents(b -> b.userPoolId(poolId).username("iris").maxResults(0))
                    .authEvents()).isEmpty();

            CognitoIdentityProviderException denied = catchThrowableOfType(CognitoIdentityProviderException.class,
                    () -> auditorSdk.adminDeleteUser(b -> b.userPoolId(poolId).username("iris")));
            assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThatThrownBy(() -> sdk.adminSetUserMFAPreference(b -> b.userPoolId(poolId).username("iris")
                    .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(true))))
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("User has not set up software token mfa");

            sdk.adminDeleteUser(b -> b.userPoolId(poolId).username("iris"));
            assertThatThrownBy(() -> sdk.adminGetUser(b -> b.userPoolId(poolId).username("iris")))
                    .isInstanceOf(UserNotFoundException.class).hasMessageContaining("User does not exist.");
            assertThatThrownBy(() -> sdk.adminGetUser(b -> b.userPoolId("us-east-1_Nowhere99").username("iris")))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    private CognitoIdentityProviderClient sdk(String accessKey) {
        return CognitoIdentityProviderClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKey, "test-secret-key")))
                .build();
    }

    // ---- fixtures

    private String createPool(String body) {
        TestApi.Response created = rest.post(POOLS, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("poolId").asText();
    }

    /** An admin-created user (FORCE_CHANGE_PASSWORD) through the REST API; answers its sub. */
    private String createUser(String username, String... members) {
        return createUserIn(poolId, username, members);
    }

    private String createUserIn(String pool, String username, String... members) {
        StringBuilder body = new StringBuilder("{\"username\":\"" + username + "\",\"temporaryPassword\":\""
                + PASSWORD + "\"");
        for (String member : members) {
            body.append(',').append(member);
        }
        TestApi.Response created = rest.post(POOLS + "/" + pool + "/users", body.append('}').toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("sub").asText();
    }

    private void confirmedUser(String username) {
        createUser(username);
        TestApi.Response set = rest.put(POOLS + "/" + poolId + "/users/" + username + "/password",
                "{\"password\":\"" + PASSWORD + "\",\"permanent\":true}");
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
    }

    private String clientWithPasswordFlows() {
        TestApi.Response created = rest.post(POOLS + "/" + poolId + "/clients", "{\"name\":\"web\","
                + "\"explicitAuthFlows\":[\"ALLOW_USER_PASSWORD_AUTH\",\"ALLOW_REFRESH_TOKEN_AUTH\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("clientId").asText();
    }

    private TestApi.Response signIn(String clientId, String username, String password) {
        return rest.post(POOLS + "/" + poolId + "/auth/initiate", "{\"clientId\":\"" + clientId + "\",\"authFlow\":"
                + "\"USER_PASSWORD_AUTH\",\"authParameters\":{\"USERNAME\":\"" + username + "\",\"PASSWORD\":\""
                + password + "\"},\"context\":{\"ipAddress\":\"203.0.113.7\",\"userAgent\":\"test-agent\","
                + "\"deviceId\":\"laptop-1\"}}");
    }

    static String user(String poolId, String username) {
        return "{\"UserPoolId\":\"" + poolId + "\",\"Username\":\"" + username + "\"}";
    }

    static String body(String poolId, String username, String members) {
        return "{\"UserPoolId\":\"" + poolId + "\",\"Username\":\"" + username + "\"," + members + "}";
    }

    static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    static String attribute(JsonNode attributes, String name) {
        for (JsonNode attribute : attributes) {
            if (attribute.path("Name").asText().equals(name)) {
                return attribute.path("Value").asText();
            }
        }
        return null;
    }
}
