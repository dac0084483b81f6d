package com.authledger.api.rest;

import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static com.authledger.api.rest.RestFixtures.assertProblem;
import static com.authledger.api.rest.SignInFixtures.challenge;
import static com.authledger.api.rest.SignInFixtures.claims;
import static com.authledger.api.rest.SignInFixtures.confirmedUser;
import static com.authledger.api.rest.SignInFixtures.enrolTotp;
import static com.authledger.api.rest.SignInFixtures.initiate;
import static com.authledger.api.rest.SignInFixtures.refresh;
import static com.authledger.api.rest.SignInFixtures.respond;
import static com.authledger.api.rest.SignInFixtures.tokens;
import static com.authledger.api.rest.SignInFixtures.totpAnswer;
import static com.authledger.api.rest.SignInFixtures.totpCode;
import static com.authledger.api.rest.UserFixtures.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * REFRESH_TOKEN_AUTH: each use rotates the refresh token and issues new ID and access tokens without MFA, keeping the
 * sign-in's auth_time and amr; a rotated token presented again revokes the whole family; expired tokens, tokens of
 * another client and clients that do not allow the flow are refused.
 */
@IntegrationTest
class RefreshTokenTest {

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcTemplate jdbc;

    TestApi api;
    EventStoreProbe events;
    String poolId;
    String clientId;

    @BeforeEach
    void setUp() {
        api = TestApi.admin(port);
        events = new EventStoreProbe(jdbc);
        if (poolId == null) {
            poolId = UserFixtures.totpOnlyPool(api);
            clientId = SignInFixtures.client(api, poolId);
        }
    }

    /** A full MFA sign-in of a new TOTP user through {@code client}; answers the authentication result. */
    private JsonNode signIn(String username, String client) {
        confirmedUser(api, poolId, username);
        return signInAgain(username, enrolTotp(api, clock, poolId, username), client);
    }

    /** A full MFA sign-in of a user with this authenticator, a time step after its last code. */
    private JsonNode signInAgain(String username, String secret, String client) {
        clock.advance(Duration.ofSeconds(30));
        String session = challenge(initiate(api, poolId, client, username, PASSWORD), "SOFTWARE_TOKEN_MFA");
        return tokens(respond(api, poolId, client, "SOFTWARE_TOKEN_MFA", session, totpAnswer(totpCode(clock, secret))));
    }

    private String clientWith(String body) {
        TestApi.Response created = api.post(RestFixtures.POOLS + "/" + poolId + "/clients", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("clientId").asText();
    }

    @Test
    void eachRefreshRotatesTheTokenAndKeepsTheSignInsAuthTimeAndFactors() throws Exception {
        JsonNode signedIn = signIn("rota", clientId);
        JWTClaimsSet first = claims(signedIn.path("idToken").asText());
        Set<String> refreshTokens = new HashSet<>(List.of(signedIn.path("refreshToken").asText()));

        String current = signedIn.path("refreshToken").asText();
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(10));
            long before = events.eventCount();
            JsonNode refreshed = tokens(refresh(api, poolId, clientId, current));
            assertThat(events.eventCount() - before).as("one rotation recorded, no challenge").isEqualTo(1);
            current = refreshed.path("refreshToken").asText();
            assertThat(refreshTokens.add(current)).as("a new refresh token each time").isTrue();

            for (String jwt : List.of(refreshed.path("idToken").asText(), refreshed.path("accessToken").asText())) {
                JWTClaimsSet claims = claims(jwt);
                assertThat(claims.getLongClaim("auth_time")).isEqualTo(first.getLongClaim("auth_time"));
                assertThat(claims.getClaim("amr")).isEqualTo(List.of("pwd", "otp", "mfa"));
                assertThat(claims.getStringClaim("origin_jti")).isEqualTo(first.getStringClaim("origin_jti"));
                assertThat(claims.getIssueTime()).isAfter(first.getIssueTime());
                assertThat(claims.getSubject()).isEqualTo(first.getSubject());
            }
        }
    }

    @Test
    void aRotatedTokenPresentedAgainRevokesTheFamilyWithItsCurrentToken() {
        confirmedUser(api, poolId, "reuse");
        String secret = enrolTotp(api, clock, poolId, "reuse");
        JsonNode signedIn = signInAgain("reuse", secret, clientId);
        JsonNode other = signInAgain("reuse", secret, clientId);
        String first = signedIn.path("refreshToken").asText();
        String second = tokens(refresh(api, poolId, clientId, first)).path("refreshToken").asText();
        String third = tokens(refresh(api, poolId, clientId, second)).path("refreshToken").asText();

        JsonNode revoked = assertProblem(refresh(api, poolId, clientId, first), 400, "RefreshTokenRevoked");
        assertThat(revoked.path("detail").asText()).isEqualTo("Refresh Token has been revoked");
        long after = events.eventCount();
        assertProblem(refresh(api, poolId, clientId, third), 400, "RefreshTokenRevoked");
        assertProblem(refresh(api, poolId, clientId, second), 400, "RefreshTokenRevoked");
        assertThat(events.eventCount()).as("revoked once").isEqualTo(after);

        // another sign-in of the same user is another family
        tokens(refresh(api, poolId, clientId, other.path("refreshToken").asText()));
    }

    @Test
    void anAdminPasswordChangeRevokesTheUsersRefreshTokens() {
        JsonNode signedIn = signIn("reset", clientId);
        TestApi.Response set = api.put(UserFixtures.user(poolId, "reset") + "/password",
                "{\"password\":\"Another-Pass-42\",\"permanent\":true}");
        assertThat(set.status()).as(set.toString()).isIn(200, 204);

        assertProblem(refresh(api, poolId, clientId, signedIn.path("refreshToken").asText()), 400,
                "RefreshTokenRevoked");
    }

    @Test
    void anExpiredRefreshTokenIsRefused() {
        String hourly = clientWith("{\"name\":\"hourly\",\"explicitAuthFlows\":" + SignInFixtures.PASSWORD_FLOWS
                + ",\"refreshTokenValidityMinutes\":60}");
        JsonNode signedIn = signIn("late", hourly);

        clock.advance(Duration.ofMinutes(60).minusSeconds(1));
        String rotated = tokens(refresh(api, poolId, hourly, signedIn.path("refreshToken").asText()))
                .path("refreshToken").asText();
        clock.advance(Duration.ofSeconds(1));
        JsonNode expired = assertProblem(refresh(api, poolId, hourly, rotated), 400, "NotAuthorized");
        assertThat(expired.path("detail").asText()).isEqualTo("Refresh Token has expired");
    }

    @Test
    void anotherClientCannotUseTheRefreshToken() {
        String other = SignInFixtures.client(api, poolId);
        JsonNode signedIn = signIn("loyal", clientId);

        long before = events.eventCount();
        JsonNode refused = assertProblem(refresh(api, poolId, other, signedIn.path("refreshToken").asText()), 400,
                "NotAuthorized");
        assertThat(refused.path("detail").asText()).isEqualTo("Invalid Refresh Token");
        assertThat(events.eventCount()).isEqualTo(before);
        tokens(refresh(api, poolId, clientId, signedIn.path("refreshToken").asText()));
    }

    @Test
    void aClientWithoutTheFlowIsRefusedIt() {
        String passwordOnly = clientWith("{\"name\":\"no-refresh\",\"explicitAuthFlows\":"
                + "[\"ALLOW_USER_PASSWORD_AUTH\"]}");
        String refreshOnly = clientWith("{\"name\":\"no-password\",\"explicitAuthFlows\":"
                + "[\"ALLOW_REFRESH_TOKEN_AUTH\"]}");
        JsonNode signedIn = signIn("flows", passwordOnly);

        JsonNode refused = assertProblem(refresh(api, poolId, passwordOnly, signedIn.path("refreshToken").asText()),
                400, "AuthFlowNotEnabled");
        assertThat(refused.path("detail").asText()).contains("REFRESH_TOKEN_AUTH");
        assertProblem(initiate(api, poolId, refreshOnly, "flows", PASSWORD), 400, "AuthFlowNotEnabled");
    }

    @Test
    void malformedAndUnknownRefreshTokensAreRefusedAndChangeNothing() {
        JsonNode signedIn = signIn("odd", clientId);
        String token = signedIn.path("refreshToken").asText();
        String flipped = token.substring(0, 23) + (token.charAt(23) == 'A' ? 'B' : 'A') + token.substring(24);

        long before = events.eventCount();
        for (String bad : List.of(flipped, "garbage", "", token + "x", "A".repeat(22) + "." + "B".repeat(43))) {
            assertProblem(refresh(api, poolId, clientId, bad), 400, "NotAuthorized");
        }
        assertProblem(api.post(SignInFixtures.auth(poolId) + "/initiate", "{\"clientId\":\"" + clientId
                + "\",\"authFlow\":\"REFRESH_TOKEN_AUTH\",\"authParameters\":{}}"), 400, "NotAuthorized");
        assertThat(events.eventCount()).isEqualTo(before);
        tokens(refresh(api, poolId, clientId, token));
    }
}
