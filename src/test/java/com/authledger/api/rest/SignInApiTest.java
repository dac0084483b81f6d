package com.authledger.api.rest;

import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.TestApi;
import com.authledger.user.factor.Totp;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;

import static com.authledger.api.rest.RestFixtures.assertProblem;
import static com.authledger.api.rest.SignInFixtures.challenge;
import static com.authledger.api.rest.SignInFixtures.confirmedUser;
import static com.authledger.api.rest.SignInFixtures.initiate;
import static com.authledger.api.rest.SignInFixtures.refresh;
import static com.authledger.api.rest.SignInFixtures.respond;
import static com.authledger.api.rest.SignInFixtures.tokens;
import static com.authledger.api.rest.UserFixtures.PASSWORD;
import static com.authledger.api.rest.UserFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

/** Sign-in end to end through the native API: the main paths of the decision table, tokens and refresh. */
@IntegrationTest
class SignInApiTest {

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
    final Totp totp = new Totp();

    @BeforeEach
    void setUp() {
        api = TestApi.admin(port);
        events = new EventStoreProbe(jdbc);
    }

    @Test
    void anOffPoolSignsInWithThePasswordAlone() throws Exception {
        String poolId = RestFixtures.createPool(api, RestFixtures.pool("Off", "OFF"));
        String clientId = SignInFixtures.client(api, poolId);
        JsonNode user = confirmedUser(api, poolId, "olga");

        JsonNode result = tokens(initiate(api, poolId, clientId, "olga", PASSWORD));

        SignedJWT access = SignedJWT.parse(result.path("accessToken").asText());
        assertThat(access.getJWTClaimsSet().getSubject()).isEqualTo(user.path("sub").asText());
        assertThat(access.getJWTClaimsSet().getStringListClaim("amr")).containsExactly("pwd");
        assertThat(access.getJWTClaimsSet().getStringClaim("client_id")).isEqualTo(clientId);
        assertThat(result.path("expiresIn").asLong()).isEqualTo(3600);
    }

    @Test
    void aWrongPasswordAndAnUnknownNameGetTheSameAnswer() {
        String poolId = RestFixtures.createPool(api, RestFixtures.pool("Off", "OFF"));
        String clientId = SignInFixtures.client(api, poolId);
        confirmedUser(api, poolId, "wanda");

        JsonNode wrong = assertProblem(initiate(api, poolId, clientId, "wanda", "Wrong-Password-1"), 400,
                "NotAuthorized");
        JsonNode unknown = assertProblem(initiate(api, poolId, clientId, "nobody", "Wrong-Password-1"), 400,
                "NotAuthorized");
        assertThat(unknown.path("detail").asText()).isEqualTo(wrong.path("detail").asText())
                .isEqualTo("Incorrect username or password.");
    }

    @Test
    void aTotpUserAnswersSoftwareTokenMfaAndACodeIsAcceptedOnce() throws Exception {
        String poolId = UserFixtures.totpOnlyPool(api);
        String clientId = SignInFixtures.client(api, poolId);
        confirmedUser(api, poolId, "tom");
        String secret = api.post(user(poolId, "tom") + "/software-token", null).json().path("secretCode").asText();
        clock.advance(Duration.ofSeconds(30));
        assertThat(api.post(user(poolId, "tom") + "/software-token/verify",
                "{\"userCode\":\"" + code(secret) + "\"}").status()).isEqualTo(200);
        assertThat(api.put(user(poolId, "tom") + "/mfa-preference",
                "{\"softwareToken\":{\"enabled\":true,\"preferred\":true}}").status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(30));

        String session = challenge(initiate(api, poolId, clientId, "tom", PASSWORD), "SOFTWARE_TOKEN_MFA");
        JsonNode result = tokens(respond(api, poolId, clientId, "SOFTWARE_TOKEN_MFA", session,
                "{\"SOFTWARE_TOKEN_MFA_CODE\":\"" + code(secret) + "\"}"));
        assertThat(SignedJWT.parse(result.path("idToken").asText()).getJWTClaimsSet().getStringListClaim("amr"))
                .containsExactly("pwd", "otp", "mfa");

        assertProblem(respond(api, poolId, clientId, "SOFTWARE_TOKEN_MFA", session,
                "{\"SOFTWARE_TOKEN_MFA_CODE\":\"" + code(secret) + "\"}"), 400, "InvalidSession");
        String again = challenge(initiate(api, poolId, clientId, "tom", PASSWORD), "SOFTWARE_TOKEN_MFA");
        JsonNode used = assertProblem(respond(api, poolId, clientId, "SOFTWARE_TOKEN_MFA", again,
                "{\"SOFTWARE_TOKEN_MFA_CODE\":\"" + code(secret) + "\"}"), 400, "ExpiredCode");
        assertThat(used.path("detail").asText()).isEqualTo("Your software token has already been used once.");

        JsonNode refreshed = tokens(refresh(api, poolId, clientId, result.path("refreshToken").asText()));
        assertThat(refreshed.path("refreshToken").asText()).isNotEqualTo(result.path("refreshToken").asText());
        assertProblem(refresh(api, poolId, clientId, result.path("refreshToken").asText()), 400,
                "RefreshTokenRevoked");
        assertProblem(refresh(api, poolId, clientId, refreshed.path("refreshToken").asText()), 400,
                "RefreshTokenRevoked");
    }

    @Test
    void aUserWithSmsMfaGetsACodeToTheVerifiedPhone() {
        String poolId = UserFixtures.smsAndTotpPool(api);
        String clientId = SignInFixtures.client(api, poolId);
        UserFixtures.userWithVerifiedPhone(api, outbox, poolId, "sam", "+15555550301");
        assertThat(api.put(user(poolId, "sam") + "/password", "{\"password\":\"" + PASSWORD
                + "\",\"permanent\":true}").status()).isIn(200, 204);
        assertThat(api.put(user(poolId, "sam") + "/mfa-preference",
                "{\"sms\":{\"enabled\":true,\"preferred\":true}}").status()).isEqualTo(200);

        TestApi.Response started = initiate(api, poolId, clientId, "sam", PASSWORD);
        String session = challenge(started, "SMS_MFA");
        assertThat(started.json().path("challengeParameters").path("CODE_DELIVERY_DESTINATION").asText())
                .isEqualTo("+*******0301");
        String code = UserFixtures.awaitCode(outbox, "+15555550301", "SIGN_IN_MFA");
        tokens(respond(api, poolId, clientId, "SMS_MFA", session, "{\"SMS_MFA_CODE\":\"" + code + "\"}"));
    }

    private String code(String secret) {
        return totp.codeAt(secret, Totp.step(clock.instant()));
    }
}
