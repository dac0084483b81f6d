package com.authledger.api.cognito;

import com.authledger.pool.PoolRules;
import com.authledger.security.ApiPrincipal;
import com.authledger.security.Role;
import com.authledger.security.SigV4Verifier;
import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

/**
 * The pool and app client operations of Cognito's protocol over raw HTTP: success and the exact member names,
 * the seed's rules in Cognito's error shape, and no event appended by a refused request. SigV4 is replaced by a test
 * double answering an admin (or, where a test says so, an auditor) access key.
 */
@IntegrationTest
class PoolOperationsTest {

    static final String ROLE_ARN = "arn:aws:iam::123456789012:role/sms-sender";
    static final String SMS_CONFIGURATION = "{\"SnsCallerArn\":\"" + ROLE_ARN + "\",\"ExternalId\":\"ext-1\","
            + "\"SnsRegion\":\"us-east-1\"}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MutableClock clock;

    @MockitoBean
    SigV4Verifier signatures;

    private EventStoreProbe events;

    record Answer(int status, JsonNode body, String errorType) {
        String message() {
            return body.path("message").asText();
        }
    }

    @BeforeEach
    void setUp() {
        events = new EventStoreProbe(jdbc);
        clock.advance(Duration.ofMinutes(1));
        signedAs(Role.ADMIN);
    }

    private void signedAs(Role role) {
        when(signatures.verify(any(), any())).thenReturn(ApiPrincipal.accessKey("ALAKTEST", role));
    }

    Answer call(String operation, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                .header("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), JSON.readTree(response.body()),
                    response.headers().firstValue("x-amzn-ErrorType").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer ok(String operation, String body) {
        Answer answer = call(operation, body);
        assertThat(answer.status()).as(operation + " " + answer.body()).isEqualTo(200);
        return answer;
    }

    /** Asserts the refusal and that it appended no event. */
    Answer refused(String operation, String body, int status, String type) {
        long before = events.eventCount();
        Answer answer = call(operation, body);
        assertThat(answer.status()).as(operation + " " + answer.body()).isEqualTo(status);
        assertThat(answer.body().path("__type").asText()).isEqualTo(type);
        assertThat(answer.errorType()).isEqualTo(type);
        assertThat(events.eventCount()).as("a refused " + operation + " appends nothing").isEqualTo(before);
        return answer;
    }

    String createPool(String members) {
        return ok("CreateUserPool", "{\"PoolName\":\"Cognito pool\"" + members + "}").body()
                .path("UserPool").path("Id").asText();
    }

    static String pool(String poolId) {
        return "{\"UserPoolId\":\"" + poolId + "\"}";
    }

    // ---- CreateUserPool, DescribeUserPool ---------------------------------------------------------------------

    @Test
    void createUserPoolWhenMinimalThenUserPoolTypeWithCognitoMemberNames() {
        long before = events.eventCount();
        long now = clock.instant().getEpochSecond();

        Answer created = ok("CreateUserPool", "{\"PoolName\":\"Customers\"}");

        JsonNode pool = created.body().path("UserPool");
        String id = pool.path("Id").asText();
        assertThat(id).matches("us-east-1_[0-9A-Za-z]{9}");
        assertThat(pool.path("Name").asText()).isEqualTo("Customers");
        assertThat(pool.path("Arn").asText()).isEqualTo("arn:aws:cognito-idp:us-east-1:000000000000:userpool/" + id);
        assertThat(pool.path("CreationDate").isNumber()).isTrue();
        assertThat(pool.path("CreationDate").asLong()).isEqualTo(now);
        assertThat(pool.path("LastModifiedDate").asLong()).isEqualTo(now);
        assertThat(pool.path("MfaConfiguration").asText()).isEqualTo("OFF");
        assertThat(pool.path("SmsAuthenticationMessage").asText()).isEqualTo("Your authentication code is {####}.");
        assertThat(pool.has("SmsConfiguration")).isFalse();
        JsonNode policy = pool.path("Policies").path("PasswordPolicy");
        assertThat(policy.path("MinimumLength").asInt()).isEqualTo(8);
        assertThat(policy.path("RequireUppercase").asBoolean()).isTrue();
        assertThat(policy.path("RequireLowercase").asBoolean()).isTrue();
        assertThat(policy.path("RequireNumbers").asBoolean()).isTrue();
        assertThat(policy.path("RequireSymbols").asBoolean()).isTrue();
        assertThat(pool.path("EstimatedNumberOfUsers").asInt(-1)).isZero();
        assertThat(pool.path("AutoVerifiedAttributes")).isEmpty();
        assertThat(events.eventCount()).isEqualTo(before + 1);
        // the actor is the access key, as the REST API shows it
        assertThat(TestApi.admin(port).get("/api/v1/pools/" + id).json().path("createdBy").asText())
                .isEqualTo("accesskey:ALAKTEST");

        JsonNode described = ok("DescribeUserPool", pool(id)).body().path("UserPool");
        assertThat(described).isEqualTo(pool);
    }

    @Test
    void createUserPoolWhenMfaOnThenSmsConfigurationRequiredAndTotpAddedLater() {
        Answer missing = refused("CreateUserPool", "{\"PoolName\":\"Strict\",\"MfaConfiguration\":\"ON\"}", 400,
                "InvalidParameterException");
        assertThat(missing.message()).contains("SMS");
        refused("CreateUserPool", "{\"PoolName\":\"Strict\",\"MfaConfiguration\":\"OPTIONAL\"}", 400,
                "InvalidParameterException");

        String id = createPool(",\"MfaConfiguration\":\"ON\",\"SmsConfiguration\":" + SMS_CONFIGURATION
                + ",\"SmsAuthenticationMessage\":\"Code: {####}\"");
        JsonNode pool = ok("DescribeUserPool", pool(id)).body().path("UserPool");
        assertThat(pool.path("MfaConfiguration").asText()).isEqualTo("ON");
        assertThat(pool.path("SmsAuthenticationMessage").asText()).isEqualTo("Code: {####}");
        assertThat(pool.path("SmsConfiguration").path("SnsCallerArn").asText()).isEqualTo(ROLE_ARN);
        assertThat(pool.path("SmsConfiguration").path("ExternalId").asText()).isEqualTo("ext-1");
        assertThat(pool.path("SmsConfiguration").path("SnsRegion").asText()).isEqualTo("us-east-1");

        JsonNode mfa = ok("GetUserPoolMfaConfig", pool(id)).body();
        assertThat(mfa.path("MfaConfiguration").asText()).isEqualTo("ON");
        assertThat(mfa.path("SmsMfaConfiguration").path("SmsAuthenticationMessage").asText())
                .isEqualTo("Code: {####}");
        assertThat(mfa.path("SmsMfaConfiguration").path("SmsConfiguration").path("SnsCallerArn").asText())
                .isEqualTo(ROLE_ARN);
        assertThat(mfa.path("SoftwareTokenMfaConfiguration").path("Enabled").asBoolean(true)).isFalse();

        long before = events.eventCount();
        JsonNode set = ok("SetUserPoolMfaConfig", "{\"UserPoolId\":\"" + id + "\",\"MfaConfiguration\":\"ON\","
                + "\"SmsMfaConfiguration\":{\"SmsAuthenticationMessage\":\"Code: {####}\"},"
                + "\"SoftwareTokenMfaConfiguration\":{\"Enabled\":true}}").body();
        assertThat(set.path("MfaConfiguration").asText()).isEqualTo("ON");
        assertThat(set.path("SoftwareTokenMfaConfiguration").path("Enabled").asBoolean()).isTrue();
        assertThat(set.path("SmsMfaConfiguration").path("SmsConfiguration").path("SnsCallerArn").asText())
                .isEqualTo(ROLE_ARN);
        assertThat(events.eventCount()).isEqualTo(before + 1);
        assertThat(ok("GetUserPoolMfaConfig", pool(id)).body()).isEqualTo(set);

        // the same configuration again changes nothing
        ok("SetUserPoolMfaConfig", "{\"UserPoolId\":\"" + id + "\",\"MfaConfiguration\":\"ON\","
                + "\"SmsMfaConfiguration\":{},\"SoftwareTokenMfaConfiguration\":{\"Enabled\":true}}");
        assertThat(events.eventCount()).isEqualTo(before + 1);
    }

    @Test
    void createUserPoolWhenInvalidOrUnsupportedMembersThenRefusedWithoutEcho() {
        Answer name = refused("CreateUserPool", "{\"PoolName\":\"bad/name\"}", 400, "InvalidParameterException");
        assertThat(name.message()).contains("'poolName'").doesNotContain("bad/name");
        Answer missing = refused("CreateUserPool", "{}", 400, "InvalidParameterException");
        assertThat(missing.message()).contains("'poolName'").contains("must not be null");
        refused("CreateUserPool", "{\"PoolName\":" + "\"x".repeat(1) + "y".repeat(128) + "\"}", 400,
                "InvalidParameterException");
        refused("CreateUserPool", "{\"PoolName\":7}", 400, "SerializationException");
        refused("CreateUserPool", "{\"PoolName\":\"p\",\"MfaConfiguration\":\"REQUIRED\"}", 400,
                "InvalidParameterException");
        Answer lambda = refused("CreateUserPool", "{\"PoolName\":\"p\",\"LambdaConfig\":{}}", 400,
                "InvalidParameterException");
        assertThat(lambda.message()).contains("LambdaConfig");
        refused("CreateUserPool", "{\"PoolName\":\"p\",\"SmsAuthenticationMessage\":\"no placeholder\"}", 400,
                "InvalidParameterException");
        refused("CreateUserPool", "{\"PoolName\":\"p\",\"SmsConfiguration\":{\"SnsCallerArn\":\"not-an-arn-at-all-x\"}}",
                400, "InvalidParameterException");
        refused("CreateUserPool", "{\"PoolName\":\"p\",\"Policies\":{\"PasswordPolicy\":{\"MinimumLength\":5}}}",
                400, "InvalidParameterException");
        refused("CreateUserPool", "{\"PoolName\":\"p\",\"Policies\":{\"PasswordPolicy\":"
                + "{\"PasswordHistorySize\":3}}}", 400, "InvalidParameterException");
        refused("CreateUserPool", "{\"PoolName\":\"p\",\"AutoVerifiedAttributes\":[\"phone_number\"]}", 400,
                "InvalidParameterException");
        refused("CreateUserPool", "{\"PoolName\":\"p\",\"DeletionProtection\":\"ACTIVE\"}", 400,
                "InvalidParameterException");
    }

    @Test
    void writeWhenSignedByAuditorThenAccessDeniedAndNothingAppended() {
        String id = createPool("");
        signedAs(Role.AUDITOR);

        refused("CreateUserPool", "{\"PoolName\":\"Nope\"}", 400, "AccessDeniedException");
        refused("DeleteUserPool", pool(id), 400, "AccessDeniedException");
        assertThat(ok("DescribeUserPool", pool(id)).body().path("UserPool").path("Id").asText()).isEqualTo(id);
        assertThat(ok("GetUserPoolMfaConfig", pool(id)).body().path("MfaConfiguration").asText()).isEqualTo("OFF");
    }

    @Test
    void describeUserPoolWhenUnknownOrMalformedThenResourceNotFoundOrInvalidParameterWithoutEcho() {
        Answer unknown = refused("DescribeUserPool", pool("us-east-1_Unknown99"), 404, "ResourceNotFoundException");
        assertThat(unknown.message()).doesNotContain("Unknown99");
        Answer malformed = refused("DescribeUserPool", pool("no-underscore"), 400, "InvalidParameterException");
        assertThat(malformed.message()).contains("'userPoolId'").doesNotContain("no-underscore");
        refused("DescribeUserPool", "{}", 400, "InvalidParameterException");
        refused("GetUserPoolMfaConfig", pool("us-east-1_Unknown99"), 404, "ResourceNotFoundException");
        refused("SetUserPoolMfaConfig", pool("us-east-1_Unknown99"), 404, "ResourceNotFoundException");
        refused("UpdateUserPool", pool("us-east-1_Unknown99"), 404, "ResourceNotFoundException");
        refused("DeleteUserPool", pool("us-east-1_Unknown99"), 404, "ResourceNotFoundException");
        refused("CreateUserPoolClient", "{\"UserPoolId\":\"us-east-1_Unknown99\",\"ClientName\":\"web\"}", 404,
                "ResourceNotFoundException");
    }

    // ---- SetUserPoolMfaConfig and UpdateUserPool: the seed's rules ---------------------------------------------

    @Test
    void setUserPoolMfaConfigWhenOnForExistingPoolThenRefusedRequiredOnlyAtCreation() {
        String id = createPool(",\"MfaConfiguration\":\"OPTIONAL\",\"SmsConfiguration\":" + SMS_CONFIGURATION);

        Answer on = refused("SetUserPoolMfaConfig", "{\"UserPoolId\":\"" + id + "\",\"MfaConfiguration\":\"ON\","
                + "\"SoftwareTokenMfaConfiguration\":{\"Enabled\":true}}", 400, "InvalidParameterException");
        assertThat(on.message()).isEqualTo(PoolRules.REQUIRED_ONLY_AT_CREATION);
        Answer update = refused("UpdateUserPool", "{\"UserPoolId\":\"" + id + "\",\"MfaConfiguration\":\"ON\"}", 400,
                "InvalidParameterException");
        assertThat(update.message()).isEqualTo("Cannot turn MFA functionality ON, once the user pool has been created.");

        Answer none = refused("SetUserPoolMfaConfig", "{\"UserPoolId\":\"" + id + "\",\"MfaConfiguration\":"
                + "\"OPTIONAL\",\"SoftwareTokenMfaConfiguration\":{\"Enabled\":false}}", 400,
                "InvalidParameterException");
        assertThat(none.message()).isEqualTo(
                "Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.");
        Answer email = refused("SetUserPoolMfaConfig", "{\"UserPoolId\":\"" + id + "\",\"EmailMfaConfiguration\":"
                + "{\"Message\":\"Code {####}\"}}", 400, "InvalidParameterException");
        assertThat(email.message()).contains("EmailMfaConfiguration");
        refused("SetUserPoolMfaConfig", "{\"UserPoolId\":\"" + id + "\",\"MfaConfiguration\":\"SOMETIMES\"}", 400,
                "InvalidParameterException");
        refused("SetUserPoolMfaConfig", "{\"UserPoolId\":\"" + id + "\",\"SoftwareTokenMfaConfiguration\":"
                + "{\"Enabled\":\"yes\"}}", 400, "SerializationException");

        // lowering and switching factors is allowed; OFF keeps nothing asked of the users
        JsonNode totp = ok("SetUserPoolMfaConfig", "{\"UserPoolId\":\"" + id + "\",\"MfaConfiguration\":"
                + "\"OPTIONAL\",\"SoftwareTokenMfaConfiguration\":{\"Enabled\":true}}").body();
        assertThat(totp.path("MfaConfiguration").asText()).isEqualTo("OPTIONAL");
        assertThat(totp.has("SmsMfaConfiguration")).as("SMS MFA is off when left out").isFalse();
        assertThat(totp.path("SoftwareTokenMfaConfiguration").path("Enabled").asBoolean()).isTrue();
        JsonNode off = ok("SetUserPoolMfaConfig", "{\"UserPoolId\":\"" + id + "\",\"MfaConfiguration\":\"OFF\"}")
                .body();
        assertThat(off.path("MfaConfiguration").asText()).isEqualTo("OFF");
    }

    @Test
    void updateUserPoolWhenMembersGivenThenOnlyThoseChangeAndUnsupportedOnesAreRefused() {
        String id = createPool(",\"MfaConfiguration\":\"ON\",\"SmsConfiguration\":" + SMS_CONFIGURATION);
        JsonNode before = ok("DescribeUserPool", pool(id)).body().path("UserPool");
        long count = events.eventCount();
        clock.advance(Duration.ofMinutes(5));

        ok("UpdateUserPool", "{\"UserPoolId\":\"" + id + "\",\"Policies\":{\"PasswordPolicy\":"
                + "{\"MinimumLength\":12,\"RequireSymbols\":false,\"TemporaryPasswordValidityDays\":7}}}");

        JsonNode after = ok("DescribeUserPool", pool(id)).body().path("UserPool");
        assertThat(after.path("MfaConfiguration").asText()).as("left out: kept, not reset to OFF").isEqualTo("ON");
        assertThat(after.path("SmsConfiguration")).isEqualTo(before.path("SmsConfiguration"));
        JsonNode policy = after.path("Policies").path("PasswordPolicy");
        assertThat(policy.path("MinimumLength").asInt()).isEqualTo(12);
        assertThat(policy.path("RequireSymbols").asBoolean(true)).isFalse();
        assertThat(policy.path("RequireUppercase").asBoolean()).isTrue();
        assertThat(after.path("LastModifiedDate").asLong()).isGreaterThan(before.path("LastModifiedDate").asLong());
        assertThat(events.eventCount()).isEqualTo(count + 1);

        ok("UpdateUserPool", "{\"UserPoolId\":\"" + id + "\",\"MfaConfiguration\":\"ON\","
                + "\"SmsAuthenticationMessage\":\"New code {####}\",\"AutoVerifiedAttributes\":[],"
                + "\"SmsVerificationMessage\":\"Your verification code is {####}.\"}");
        JsonNode message = ok("DescribeUserPool", pool(id)).body().path("UserPool");
        assertThat(message.path("SmsAuthenticationMessage").asText()).isEqualTo("New code {####}");
        assertThat(message.path("MfaConfiguration").asText()).isEqualTo("ON");
        assertThat(events.eventCount()).isEqualTo(count + 2);

        ok("UpdateUserPool", pool(id));
        assertThat(events.eventCount()).as("nothing given, nothing changed").isEqualTo(count + 2);

        refused("UpdateUserPool", "{\"UserPoolId\":\"" + id + "\",\"LambdaConfig\":{}}", 400,
                "InvalidParameterException");
        Answer verified = refused("UpdateUserPool", "{\"UserPoolId\":\"" + id + "\",\"AutoVerifiedAttributes\":"
                + "[\"email\"]}", 400, "InvalidParameterException");
        assertThat(verified.message()).contains("AutoVerifiedAttributes");
        refused("UpdateUserPool", "{\"UserPoolId\":\"" + id + "\",\"PoolName\":\"Renamed\"}", 400,
                "InvalidParameterException");
        // a refused password policy leaves the MFA change of the same request unsent
        refused("UpdateUserPool", "{\"UserPoolId\":\"" + id + "\",\"MfaConfiguration\":\"OPTIONAL\","
                + "\"Policies\":{\"PasswordPolicy\":{\"MinimumLength\":100}}}", 400, "InvalidParameterException");
        assertThat(ok("GetUserPoolMfaConfig", pool(id)).body().path("MfaConfiguration").asText()).isEqualTo("ON");
    }

    @Test
    void updateUserPoolWhenOptionalOnPoolWithoutFactorThenSmsMfaTurnedOn() {
        String id = createPool(",\"SmsConfiguration\":" + SMS_CONFIGURATION);

        ok("UpdateUserPool", "{\"UserPoolId\":\"" + id + "\",\"MfaConfiguration\":\"OPTIONAL\"}");

        JsonNode mfa = ok("GetUserPoolMfaConfig", pool(id)).body();
        assertThat(mfa.path("MfaConfiguration").asText()).isEqualTo("OPTIONAL");
        assertThat(mfa.path("SmsMfaConfiguration").path("SmsConfiguration").path("SnsCallerArn").asText())
                .isEqualTo(ROLE_ARN);
    }

    // ---- ListUserPools ----------------------------------------------------------------------------------------

    @Test
    void listUserPoolsWhenMaxResultsOneThenPagesWithNextToken() {
        List<String> ours = List.of(createPool(""), createPool(""), createPool(""));

        List<String> listed = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = ok("ListUserPools", "{\"MaxResults\":1" + (token == null ? "" : ",\"NextToken\":\""
                    + token + "\"") + "}").body();
            assertThat(page.path("UserPools")).hasSize(1);
            JsonNode item = page.path("UserPools").get(0);
            assertThat(item.path("Name").asText()).isNotEmpty();
            assertThat(item.path("CreationDate").isNumber()).isTrue();
            assertThat(item.path("LastModifiedDate").isNumber()).isTrue();
            listed.add(item.path("Id").asText());
            token = page.path("NextToken").asText(null);
        } while (token != null && listed.size() < 1000);

        assertThat(listed).containsAll(ours).doesNotHaveDuplicates();
        Answer missing = refused("ListUserPools", "{}", 400, "InvalidParameterException");
        assertThat(missing.message()).contains("'maxResults'").contains("must not be null");
        refused("ListUserPools", "{\"MaxResults\":61}", 400, "InvalidParameterException");
        refused("ListUserPools", "{\"MaxResults\":0}", 400, "InvalidParameterException");
        refused("ListUserPools", "{\"MaxResults\":5,\"NextToken\":\"forged\"}", 400, "InvalidParameterException");
    }

    // ---- DeleteUserPool ---------------------------------------------------------------------------------------

    @Test
    void deleteUserPoolThenNotFoundForEveryOperationAndNotListed() {
        String id = createPool(",\"MfaConfiguration\":\"OPTIONAL\",\"SmsConfiguration\":" + SMS_CONFIGURATION);
        String clientId = ok("CreateUserPoolClient", "{\"UserPoolId\":\"" + id + "\",\"ClientName\":\"web\"}")
                .body().path("UserPoolClient").path("ClientId").asText();
        long before = events.eventCount();

        assertThat(ok("DeleteUserPool", pool(id)).body()).isEmpty();
        assertThat(events.eventCount()).isEqualTo(before + 1);

        refused("DescribeUserPool", pool(id), 404, "ResourceNotFoundException");
        refused("GetUserPoolMfaConfig", pool(id), 404, "ResourceNotFoundException");
        refused("SetUserPoolMfaConfig", "{\"UserPoolId\":\"" + id + "\",\"MfaConfiguration\":\"OFF\"}", 404,
                "ResourceNotFoundException");
        refused("UpdateUserPool", "{\"UserPoolId\":\"" + id + "\",\"MfaConfiguration\":\"OFF\"}", 404,
                "ResourceNotFoundException");
        refused("DescribeUserPoolClient", "{\"UserPoolId\":\"" + id + "\",\"ClientId\":\"" + clientId + "\"}", 404,
                "ResourceNotFoundException");
        refused("CreateUserPoolClient", "{\"UserPoolId\":\"" + id + "\",\"ClientName\":\"web\"}", 404,
                "ResourceNotFoundException");
        Answer again = refused("DeleteUserPool", pool(id), 404, "ResourceNotFoundException");
        assertThat(again.message()).doesNotContain(id);
        JsonNode listed = ok("ListUserPools", "{\"MaxResults\":60}").body().path("UserPools");
        assertThat(listed.findValuesAsText("Id")).doesNotContain(id);
        assertThat(TestApi.admin(port).get("/api/v1/pools/" + id).status()).isEqualTo(404);
    }

    // ---- CreateUserPoolClient, DescribeUserPoolClient ---------------------------------------------------------

    @Test
    void createUserPoolClientWhenSecretRequestedThenUserPoolClientTypeWithSecretForAdminsOnly() {
        String id = createPool("");
        long before = events.eventCount();

        JsonNode client = ok("CreateUserPoolClient", "{\"UserPoolId\":\"" + id + "\",\"ClientName\":\"web app\","
                + "\"GenerateSecret\":true,\"AccessTokenValidity\":2,\"IdTokenValidity\":30,\"RefreshTokenValidity\":7,"
                + "\"TokenValidityUnits\":{\"IdToken\":\"minutes\"},\"AuthSessionValidity\":5,"
                + "\"ExplicitAuthFlows\":[\"ALLOW_USER_SRP_AUTH\",\"ALLOW_REFRESH_TOKEN_AUTH\"]}").body()
                .path("UserPoolClient");

        assertThat(events.eventCount()).isEqualTo(before + 1);
        String clientId = client.path("ClientId").asText();
        assertThat(clientId).isNotEmpty();
        assertThat(client.path("UserPoolId").asText()).isEqualTo(id);
        assertThat(client.path("ClientName").asText()).isEqualTo("web app");
        String secret = client.path("ClientSecret").asText();
        assertThat(secret).isNotEmpty();
        assertThat(client.path("AccessTokenValidity").asInt()).isEqualTo(120);
        assertThat(client.path("IdTokenValidity").asInt()).isEqualTo(30);
        assertThat(client.path("RefreshTokenValidity").asInt()).isEqualTo(7 * 24 * 60);
        assertThat(client.path("TokenValidityUnits").path("AccessToken").asText()).isEqualTo("minutes");
        assertThat(client.path("TokenValidityUnits").path("IdToken").asText()).isEqualTo("minutes");
        assertThat(client.path("TokenValidityUnits").path("RefreshToken").asText()).isEqualTo("minutes");
        assertThat(client.path("AuthSessionValidity").asInt()).isEqualTo(5);
        assertThat(client.path("ExplicitAuthFlows").toString()).contains("ALLOW_USER_SRP_AUTH",
                "ALLOW_REFRESH_TOKEN_AUTH");
        assertThat(client.path("CreationDate").isNumber()).isTrue();
        assertThat(client.path("LastModifiedDate").isNumber()).isTrue();

        String describe = "{\"UserPoolId\":\"" + id + "\",\"ClientId\":\"" + clientId + "\"}";
        JsonNode described = ok("DescribeUserPoolClient", describe).body().path("UserPoolClient");
        assertThat(described).isEqualTo(client);

        signedAs(Role.AUDITOR);
        JsonNode audited = ok("DescribeUserPoolClient", describe).body().path("UserPoolClient");
        assertThat(audited.has("ClientSecret")).isFalse();
        assertThat(audited.path("ClientId").asText()).isEqualTo(clientId);
    }

    @Test
    void createUserPoolClientWhenDefaultsThenCognitoDefaultsAndNoSecret() {
        String id = createPool("");

        JsonNode client = ok("CreateUserPoolClient", "{\"UserPoolId\":\"" + id + "\",\"ClientName\":\"plain\"}")
                .body().path("UserPoolClient");

        assertThat(client.has("ClientSecret")).isFalse();
        assertThat(client.path("AccessTokenValidity").asInt()).isEqualTo(60);
        assertThat(client.path("RefreshTokenValidity").asInt()).isEqualTo(30 * 24 * 60);
        assertThat(client.path("AuthSessionValidity").asInt()).isEqualTo(3);
    }

    @Test
    void createUserPoolClientWhenInvalidThenRefusedAndNothingAppended() {
        String id = createPool("");
        String prefix = "{\"UserPoolId\":\"" + id + "\"";

        refused("CreateUserPoolClient", prefix + "}", 400, "InvalidParameterException");
        Answer name = refused("CreateUserPoolClient", prefix + ",\"ClientName\":\"bad<name>\"}", 400,
                "InvalidParameterException");
        assertThat(name.message()).contains("'clientName'").doesNotContain("bad<name>");
        refused("CreateUserPoolClient", prefix + ",\"ClientName\":\"" + "c".repeat(129) + "\"}", 400,
                "InvalidParameterException");
        refused("CreateUserPoolClient", prefix + ",\"ClientName\":\"web\",\"AccessTokenValidity\":2,"
                + "\"TokenValidityUnits\":{\"AccessToken\":\"days\"}}", 400, "InvalidParameterException");
        refused("CreateUserPoolClient", prefix + ",\"ClientName\":\"web\",\"AccessTokenValidity\":90,"
                + "\"TokenValidityUnits\":{\"AccessToken\":\"seconds\"}}", 400, "InvalidParameterException");
        refused("CreateUserPoolClient", prefix + ",\"ClientName\":\"web\",\"AuthSessionValidity\":16}", 400,
                "InvalidParameterException");
        refused("CreateUserPoolClient", prefix + ",\"ClientName\":\"web\",\"ExplicitAuthFlows\":[\"CUSTOM_AUTH\"]}",
                400, "InvalidParameterException");
        refused("CreateUserPoolClient", prefix + ",\"ClientName\":\"web\",\"CallbackURLs\":[\"https://x\"]}", 400,
                "InvalidParameterException");
        refused("CreateUserPoolClient", prefix + ",\"ClientName\":\"web\",\"GenerateSecret\":\"true\"}", 400,
                "SerializationException");
        refused("DescribeUserPoolClient", prefix + ",\"ClientId\":\"nosuchclient\"}", 404,
                "ResourceNotFoundException");
        refused("DescribeUserPoolClient", prefix + ",\"ClientId\":\"bad id!\"}", 400, "InvalidParameterException");
    }
}
