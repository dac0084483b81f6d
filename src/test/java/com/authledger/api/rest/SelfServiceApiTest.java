package com.authledger.api.rest;

import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.TestApi;
import com.authledger.user.factor.Totp;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

/**
 * The self-service API end to end: /api/v1/me authenticated by the user's access token, step-up for changes to the
 * factors, and token revocation (GlobalSignOut, password resets, DeleteUser, an admin factor reset) refusing access
 * tokens issued before it.
 */
@IntegrationTest
class SelfServiceApiTest {

    static final String ME = "/api/v1/me";
    static final String REVOKED = "The token has been revoked.";

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

    // ---- the endpoints

    @Test
    void aSignedInUserManagesTheirOwnFactorsWithARecentSignIn() {
        String poolId = UserFixtures.smsAndTotpPool(api);
        String clientId = SignInFixtures.client(api, poolId);
        String sub = confirmedUser(api, poolId, "hana", "\"phoneNumber\":\"+15555550401\"").path("sub").asText();
        TestApi me = asUser(tokens(initiate(api, poolId, clientId, "hana", PASSWORD)));

        TestApi.Response status = me.get(ME);
        assertThat(status.status()).as(status.toString()).isEqualTo(200);
        assertThat(status.json().path("sub").asText()).isEqualTo(sub);
        assertThat(status.json().path("username").asText()).isEqualTo("hana");
        assertThat(status.json().path("mfa").path("softwareToken").path("enabled").asBoolean()).isFalse();

        // the phone number: verified with a code, then changed (pending until the new one is verified)
        TestApi.Response sent = me.post(ME + "/attribute-verification-code", "{\"attribute\":\"phone_number\"}");
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.json().path("destination").asText()).isEqualTo("+*******0401");
        String code = UserFixtures.awaitCode(outbox, "+15555550401", "VERIFY_PHONE_NUMBER");
        TestApi.Response verified = me.post(ME + "/verify-attribute",
                "{\"attribute\":\"phone_number\",\"code\":\"" + code + "\"}");
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        assertThat(verified.json().path("attributes").path("phoneNumberVerified").asBoolean()).isTrue();

        assertProblem(me.put(ME + "/phone-number", "{\"phoneNumber\":\"+15555550402\",\"verified\":true}"), 400,
                "InvalidParameter");
        TestApi.Response changed = me.put(ME + "/phone-number", "{\"phoneNumber\":\"+15555550402\"}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().path("attributes").path("phoneNumber").asText()).isEqualTo("+15555550401");
        assertThat(changed.json().path("attributes").path("pendingPhoneNumber").asText()).isEqualTo("+15555550402");
        assertThat(me.post(ME + "/attribute-verification-code", "{\"attribute\":\"phone_number\"}").status())
                .isEqualTo(200);
        String newCode = UserFixtures.awaitCode(outbox, "+15555550402", "VERIFY_PHONE_NUMBER");
        TestApi.Response switched = me.post(ME + "/verify-attribute",
                "{\"attribute\":\"phone_number\",\"code\":\"" + newCode + "\"}");
        assertThat(switched.status()).as(switched.toString()).isEqualTo(200);
        assertThat(switched.json().path("attributes").path("phoneNumber").asText()).isEqualTo("+15555550402");

        // an authenticator: associate, verify, enable
        TestApi.Response associated = me.post(ME + "/software-token", null);
        assertThat(associated.status()).as(associated.toString()).isEqualTo(200);
        String secret = associated.json().path("secretCode").asText();
        assertThat(associated.json().path("otpauthUri").asText()).startsWith("otpauth://totp/");
        TestApi.Response verifiedToken = me.post(ME + "/software-token/verify",
                "{\"userCode\":\"" + code(secret) + "\",\"friendlyDeviceName\":\"Pixel\"}");
        assertThat(verifiedToken.status()).as(verifiedToken.toString()).isEqualTo(200);
        assertThat(verifiedToken.json().path("status").asText()).isEqualTo("SUCCESS");
        TestApi.Response preference = me.put(ME + "/mfa-preference",
                "{\"softwareToken\":{\"enabled\":true,\"preferred\":true}}");
        assertThat(preference.status()).as(preference.toString()).isEqualTo(200);
        assertThat(preference.json().path("mfa").path("softwareToken").path("enabled").asBoolean()).isTrue();
        assertThat(preference.json().path("mfa").path("preferredMfa").asText()).isEqualTo("SOFTWARE_TOKEN_MFA");

        TestApi.Response recovery = me.post(ME + "/recovery-codes", null);
        assertThat(recovery.status()).as(recovery.toString()).isEqualTo(201);
        assertThat(recovery.json().path("recoveryCodes")).hasSize(10);
        assertThat(me.get(ME).json().path("mfa").path("recoveryCodesLeft").asInt()).isEqualTo(10);

        assertProblem(me.get(ME + "/nothing-here"), 404, "NotFound");
        assertProblem(TestApi.anonymous(port).get(ME + "/nothing-here"), 401, "Unauthenticated");

        // every change is the user's own, made by the token's subject
        JsonNode history = api.get(user(poolId, "hana") + "/mfa-history?pageSize=100").json().path("items");
        List<JsonNode> own = new ArrayList<>();
        history.forEach(entry -> {
            if ("USER".equals(entry.path("initiatedBy").asText())) {
                own.add(entry);
            }
        });
        assertThat(own).isNotEmpty().allSatisfy(entry ->
                assertThat(entry.path("actor").asText()).isEqualTo("user:" + sub));
    }

    @Test
    void globalSignOutRefusesTheSameAccessTokenAndEveryRefreshTokenOfTheUser() {
        String poolId = RestFixtures.createPool(api, RestFixtures.pool("Off", "OFF"));
        String clientId = SignInFixtures.client(api, poolId);
        confirmedUser(api, poolId, "gus");
        JsonNode laptop = tokens(initiate(api, poolId, clientId, "gus", PASSWORD));
        JsonNode phone = tokens(initiate(api, poolId, clientId, "gus", PASSWORD));
        assertThat(asUser(phone).get(ME).status()).isEqualTo(200);

        TestApi.Response signedOut = asUser(laptop).post(ME + "/sign-out", null);
        assertThat(signedOut.status()).as(signedOut.toString()).isEqualTo(204);

        assertRevoked(poolId, clientId, laptop);
        assertRevoked(poolId, clientId, phone);
        // a new sign-in opens a new family that is good
        assertThat(asUser(tokens(initiate(api, poolId, clientId, "gus", PASSWORD))).get(ME).status()).isEqualTo(200);
    }

    @Test
    void anAdminSignsAUserOutEverywhereWithAnAdminKeyOnly() {
        String poolId = RestFixtures.createPool(api, RestFixtures.pool("Off", "OFF"));
        String clientId = SignInFixtures.client(api, poolId);
        confirmedUser(api, poolId, "ada");
        JsonNode signedIn = tokens(initiate(api, poolId, clientId, "ada", PASSWORD));

        long before = events.eventCount();
        assertProblem(TestApi.auditor(port).post(user(poolId, "ada") + "/sign-out", null), 403, "Forbidden");
        assertProblem(asUser(signedIn).post(user(poolId, "ada") + "/sign-out", null), 401, "Unauthenticated");
        assertThat(events.eventCount()).isEqualTo(before);
        assertThat(asUser(signedIn).get(ME).status()).isEqualTo(200);

        TestApi.Response signedOut = api.post(user(poolId, "ada") + "/sign-out", null);
        assertThat(signedOut.status()).as(signedOut.toString()).isEqualTo(204);
        assertRevoked(poolId, clientId, signedIn);
    }

    @Test
    void deletingAnAppClientEndsItsSignIns() {
        String poolId = RestFixtures.createPool(api, RestFixtures.pool("Off", "OFF"));
        String clientId = SignInFixtures.client(api, poolId);
        String other = SignInFixtures.client(api, poolId);
        confirmedUser(api, poolId, "della");
        JsonNode doomed = tokens(initiate(api, poolId, clientId, "della", PASSWORD));
        JsonNode kept = tokens(initiate(api, poolId, other, "della", PASSWORD));

        assertThat(api.send("DELETE", RestFixtures.POOLS + "/" + poolId + "/clients/" + clientId, null, null).status())
                .isEqualTo(204);

        assertProblem(asUser(doomed).get(ME), 401, "InvalidToken");
        assertThat(asUser(kept).get(ME).status()).isEqualTo(200);
    }

    // ---- step-up

    @Test
    void aChangeMoreThanFiveMinutesAfterSignInNeedsACurrentTotpCodeAcceptedOnce() {
        String poolId = UserFixtures.totpOnlyPool(api);
        String clientId = SignInFixtures.client(api, poolId);
        String secret = totpUser(poolId, "tess");
        JsonNode signedIn = signInWithTotp(poolId, clientId, "tess", secret);
        TestApi me = asUser(signedIn);
        assertThat(me.post(ME + "/recovery-codes", null).status()).isEqualTo(201);

        clock.advance(Duration.ofMinutes(5));
        long before = events.eventCount();
        JsonNode refused = assertProblem(me.post(ME + "/recovery-codes", null), 403, "StepUpRequired");
        assertThat(refused.path("detail").asText()).contains("5 minutes ago").contains("within 5 minutes")
                .contains("X-MFA-Code");
        assertProblem(me.put(ME + "/mfa-preference",
                "{\"softwareToken\":{\"enabled\":false,\"preferred\":false}}"), 403, "StepUpRequired");
        assertProblem(me.post(ME + "/software-token", null), 403, "StepUpRequired");
        assertProblem(me.header("X-MFA-Code", "12ab").post(ME + "/recovery-codes", null), 400,
                "InvalidParameter");
        assertThat(events.eventCount()).as("refused before anything was checked").isEqualTo(before);
        // reading and signing out need no step-up
        assertThat(me.get(ME).status()).isEqualTo(200);

        // a refreshed token keeps the sign-in's auth_time: still too old
        JsonNode refreshed = tokens(refresh(api, poolId, clientId, signedIn.path("refreshToken").asText()));
        assertProblem(asUser(refreshed).post(ME + "/recovery-codes", null), 403, "StepUpRequired");

        String current = code(secret);
        JsonNode wrong = assertProblem(me.header("X-MFA-Code", UserFixtures.wrong(current))
                .post(ME + "/recovery-codes", null), 400, "CodeMismatch");
        assertThat(wrong.path("detail").asText()).contains("X-MFA-Code header was refused")
                .contains("within the last 5 minutes");

        TestApi.Response accepted = me.header("X-MFA-Code", current).post(ME + "/recovery-codes", null);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
        JsonNode replayed = assertProblem(asUser(refreshed).header("X-MFA-Code", current)
                .post(ME + "/recovery-codes", null), 400, "ExpiredCode");
        assertThat(replayed.path("detail").asText()).contains("already been used once");

        clock.advance(Duration.ofSeconds(30));
        TestApi.Response next = asUser(refreshed).header("X-MFA-Code", code(secret))
                .put(ME + "/mfa-preference", "{\"softwareToken\":{\"enabled\":true,\"preferred\":false}}");
        assertThat(next.status()).as(next.toString()).isEqualTo(200);
        assertThat(next.json().path("mfa").path("preferredMfa").isMissingNode()).isTrue();

        // verifying a phone number is a change to the factors; an email is not, and signing out never is
        long unchanged = events.eventCount();
        assertProblem(me.post(ME + "/verify-attribute", "{\"attribute\":\"phone_number\",\"code\":\"123456\"}"),
                403, "StepUpRequired");
        assertThat(events.eventCount()).isEqualTo(unchanged);
        assertThat(me.post(ME + "/verify-attribute", "{\"attribute\":\"email\",\"code\":\"123456\"}").status())
                .isNotEqualTo(403);
        assertThat(me.post(ME + "/sign-out", null).status()).isEqualTo(204);
        assertRevoked(poolId, clientId, refreshed);
    }

    @Test
    void aRecoveryCodeStepsUpOnceAndAFreshSignInNeedsNoCode() {
        String poolId = UserFixtures.totpOnlyPool(api);
        String clientId = SignInFixtures.client(api, poolId);
        String secret = totpUser(poolId, "rita");
        JsonNode codes = api.post(user(poolId, "rita") + "/recovery-codes", null).json().path("recoveryCodes");
        TestApi me = asUser(signInWithTotp(poolId, clientId, "rita", secret));
        clock.advance(Duration.ofMinutes(6));

        TestApi.Response stepped = me.header("X-MFA-Code", codes.get(0).asText())
                .put(ME + "/mfa-preference", "{\"softwareToken\":{\"enabled\":true,\"preferred\":false}}");
        assertThat(stepped.status()).as(stepped.toString()).isEqualTo(200);
        assertThat(stepped.json().path("mfa").path("recoveryCodesLeft").asInt()).isEqualTo(9);
        assertProblem(me.header("X-MFA-Code", codes.get(0).asText()).post(ME + "/software-token", null), 400,
                "CodeMismatch");

        TestApi.Response associated = me.header("X-MFA-Code", codes.get(1).asText().toUpperCase())
                .post(ME + "/software-token", null);
        assertThat(associated.status()).as(associated.toString()).isEqualTo(200);
        String next = associated.json().path("secretCode").asText();
        assertProblem(me.post(ME + "/software-token/verify", "{\"userCode\":\"" + code(next) + "\"}"), 403,
                "StepUpRequired");

        // signed in again: the new sign-in is recent, so no code is needed (the new authenticator replaces the old)
        clock.advance(Duration.ofSeconds(30));
        TestApi fresh = asUser(signInWithTotp(poolId, clientId, "rita", secret));
        TestApi.Response verified = fresh.post(ME + "/software-token/verify", "{\"userCode\":\"" + code(next) + "\"}");
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        assertThat(fresh.get(ME).json().path("mfa").path("softwareToken").path("enabled").asBoolean()).isTrue();
    }

    // ---- revocation by resets, deletion and factor removal

    @Test
    void anAdminPasswordChangeRevokesTheUsersTokens() {
        String poolId = RestFixtures.createPool(api, RestFixtures.pool("Off", "OFF"));
        String clientId = SignInFixtures.client(api, poolId);
        confirmedUser(api, poolId, "pam");
        JsonNode signedIn = tokens(initiate(api, poolId, clientId, "pam", PASSWORD));

        assertThat(api.put(user(poolId, "pam") + "/password", "{\"password\":\"Other-Horse-8\",\"permanent\":true}")
                .status()).isEqualTo(200);
        assertRevoked(poolId, clientId, signedIn);
    }

    @Test
    void anAdminPasswordResetRevokesTheUsersTokens() {
        String poolId = RestFixtures.createPool(api, RestFixtures.pool("Off", "OFF"));
        String clientId = SignInFixtures.client(api, poolId);
        confirmedUser(api, poolId, "rob");
        JsonNode signedIn = tokens(initiate(api, poolId, clientId, "rob", PASSWORD));

        TestApi.Response reset = api.post(user(poolId, "rob") + "/password-reset", null);
        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
        assertRevoked(poolId, clientId, signedIn);
    }

    @Test
    void aConfirmedForgottenPasswordRevokesTheUsersTokens() {
        String poolId = UserFixtures.smsAndTotpPool(api);
        String clientId = SignInFixtures.client(api, poolId);
        UserFixtures.userWithVerifiedPhone(api, outbox, poolId, "fay", "+15555550411");
        assertThat(api.put(user(poolId, "fay") + "/password", "{\"password\":\"" + PASSWORD
                + "\",\"permanent\":true}").status()).isEqualTo(200);
        JsonNode signedIn = tokens(initiate(api, poolId, clientId, "fay", PASSWORD));

        assertThat(api.post(RestFixtures.POOLS + "/" + poolId + "/forgot-password", "{\"username\":\"fay\"}")
                .status()).isEqualTo(202);
        String code = UserFixtures.awaitCode(outbox, "+15555550411", "RESET_PASSWORD");
        TestApi.Response confirmed = api.post(RestFixtures.POOLS + "/" + poolId + "/confirm-forgot-password",
                "{\"username\":\"fay\",\"code\":\"" + code + "\",\"password\":\"New-Pass-12345\"}");
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(204);
        assertRevoked(poolId, clientId, signedIn);
    }

    @Test
    void deletingAUserRevokesTheirTokens() {
        String poolId = RestFixtures.createPool(api, RestFixtures.pool("Off", "OFF"));
        String clientId = SignInFixtures.client(api, poolId);
        confirmedUser(api, poolId, "dan");
        JsonNode signedIn = tokens(initiate(api, poolId, clientId, "dan", PASSWORD));

        assertThat(api.send("DELETE", user(poolId, "dan"), null, null).status()).isEqualTo(204);
        assertRevoked(poolId, clientId, signedIn);
    }

    @Test
    void anAdminAuthenticatorResetRevokesTheUsersTokens() {
        String poolId = UserFixtures.totpOnlyPool(api);
        String clientId = SignInFixtures.client(api, poolId);
        String secret = totpUser(poolId, "ted");
        JsonNode signedIn = signInWithTotp(poolId, clientId, "ted", secret);
        assertThat(asUser(signedIn).get(ME).status()).isEqualTo(200);

        TestApi.Response reset = api.send("DELETE", user(poolId, "ted") + "/software-token", null, null);
        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
        assertRevoked(poolId, clientId, signedIn);
    }

    // ---- tokens that are not accepted

    @Test
    void anythingButAGoodAccessTokenIsRefusedAndChangesNothing() throws Exception {
        String poolId = RestFixtures.createPool(api, RestFixtures.pool("Off", "OFF"));
        String otherPoolId = RestFixtures.createPool(api, RestFixtures.pool("Other", "OFF"));
        String clientId = SignInFixtures.client(api, poolId);
        String otherClientId = SignInFixtures.client(api, otherPoolId);
        confirmedUser(api, poolId, "eve");
        confirmedUser(api, otherPoolId, "eve");
        JsonNode signedIn = tokens(initiate(api, poolId, clientId, "eve", PASSWORD));
        JsonNode other = tokens(initiate(api, otherPoolId, otherClientId, "eve", PASSWORD));
        String access = signedIn.path("accessToken").asText();
        String[] parts = access.split("\\.");
        SignedJWT parsed = SignedJWT.parse(access);

        // another pool's key under this pool's claims
        String[] otherParts = other.path("accessToken").asText().split("\\.");
        String otherPoolsKey = otherParts[0] + "." + parts[1] + "." + otherParts[2];
        // the same claims under alg none, and HMAC-signed
        String none = new PlainJWT(parsed.getJWTClaimsSet()).serialize();
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(parsed.getHeader().getKeyID()).build(), parsed.getJWTClaimsSet());
        hmac.sign(new MACSigner("0123456789abcdef0123456789abcdef".getBytes()));
        // another issuer altogether
        String foreign = new PlainJWT(new JWTClaimsSet.Builder(parsed.getJWTClaimsSet())
                .issuer("https://cognito-idp.us-east-1.amazonaws.com/" + poolId).build()).serialize();

        // a good token of the other pool is its own user's, in its own pool
        String otherSub = TestApi.withKey(port, other.path("accessToken").asText()).get(ME).json().path("sub")
                .asText();
        assertThat(otherSub).isNotEmpty()
                .isEqualTo(api.get(user(otherPoolId, "eve")).json().path("sub").asText())
                .isNotEqualTo(api.get(user(poolId, "eve")).json().path("sub").asText());

        long before = events.eventCount();
        assertInvalid(otherPoolsKey, "not one of this pool's signing keys");
        assertInvalid(none, "not a signed JWT");
        assertInvalid(hmac.serialize(), "Only RS256");
        assertInvalid(foreign, "not issued by this service");
        assertInvalid(signedIn.path("idToken").asText(), "not an access token");
        assertInvalid("garbage", "not a signed JWT");
        assertInvalid(parts[0] + ".bm90IGpzb24." + parts[2], "claims do not parse");
        assertInvalid(TestApi.ADMIN_KEY, "not a signed JWT");
        assertProblem(TestApi.anonymous(port).post(ME + "/sign-out", null), 401, "Unauthenticated");
        assertThat(events.eventCount()).as("no refused token changed anything").isEqualTo(before);

        // an access token is no API key
        assertProblem(TestApi.withKey(port, access).get(user(poolId, "eve")), 401, "Unauthenticated");
        assertProblem(TestApi.withKey(port, access).get(RestFixtures.POOLS), 401, "Unauthenticated");

        // and it expires
        assertThat(asUser(signedIn).get(ME).status()).isEqualTo(200);
        clock.advance(Duration.ofHours(1).plusMinutes(1));
        assertInvalid(access, "expired");
        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void theApiDocumentSaysTheSelfServiceOperationsTakeAnAccessTokenAndTheStepUpHeader() {
        JsonNode docs = TestApi.anonymous(port).get("/v3/api-docs").json();
        JsonNode recovery = docs.path("paths").path(ME + "/recovery-codes").path("post");
        assertThat(recovery.path("security").toString()).contains("accessToken").doesNotContain("apiKey");
        assertThat(recovery.path("parameters").toString()).contains("X-MFA-Code");
        assertThat(docs.path("paths").path(ME + "/sign-out").path("post").path("parameters").toString())
                .doesNotContain("X-MFA-Code");
    }

    // ---- helpers

    private TestApi asUser(JsonNode tokens) {
        return TestApi.withKey(port, tokens.path("accessToken").asText());
    }

    /** A refused token: 401 InvalidToken saying which check failed, on a read and on a change alike. */
    private void assertInvalid(String token, String because) {
        for (TestApi.Response response : List.of(TestApi.withKey(port, token).get(ME),
                TestApi.withKey(port, token).post(ME + "/sign-out", null))) {
            JsonNode problem = assertProblem(response, 401, "InvalidToken");
            assertThat(problem.path("detail").asText()).contains(because);
            assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    /** The access token is refused on /me, and the refresh token too. */
    private void assertRevoked(String poolId, String clientId, JsonNode tokens) {
        JsonNode refused = assertProblem(asUser(tokens).get(ME), 401, "InvalidToken");
        assertThat(refused.path("detail").asText()).isEqualTo(REVOKED);
        assertProblem(refresh(api, poolId, clientId, tokens.path("refreshToken").asText()), 400,
                "RefreshTokenRevoked");
    }

    /** A user of a TOTP pool with a verified, enabled and preferred authenticator; answers its secret. */
    private String totpUser(String poolId, String username) {
        confirmedUser(api, poolId, username);
        String secret = api.post(user(poolId, username) + "/software-token", null).json().path("secretCode").asText();
        clock.advance(Duration.ofSeconds(30));
        assertThat(api.post(user(poolId, username) + "/software-token/verify",
                "{\"userCode\":\"" + code(secret) + "\"}").status()).isEqualTo(200);
        assertThat(api.put(user(poolId, username) + "/mfa-preference",
                "{\"softwareToken\":{\"enabled\":true,\"preferred\":true}}").status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(30));
        return secret;
    }

    /** Password and a TOTP code; the clock then moves to the next code, so the one used is not offered again. */
    private JsonNode signInWithTotp(String poolId, String clientId, String username, String secret) {
        String session = challenge(initiate(api, poolId, clientId, username, PASSWORD), "SOFTWARE_TOKEN_MFA");
        JsonNode result = tokens(respond(api, poolId, clientId, "SOFTWARE_TOKEN_MFA", session,
                "{\"SOFTWARE_TOKEN_MFA_CODE\":\"" + code(secret) + "\"}"));
        clock.advance(Duration.ofSeconds(30));
        return result;
    }

    private String code(String secret) {
        return totp.codeAt(secret, Totp.step(clock.instant()));
    }
}
