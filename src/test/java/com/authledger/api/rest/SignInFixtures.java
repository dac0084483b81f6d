package com.authledger.api.rest;

import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.support.MutableClock;
import com.authledger.support.TestApi;
import com.authledger.user.factor.Totp;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;
import java.time.Duration;

import java.time.Duration;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Sign-in through the native API: app clients, confirmed users, InitiateAuth and RespondToAuthChallenge. */
final class SignInFixtures {

    static final String PASSWORD_FLOWS = "[\"ALLOW_USER_PASSWORD_AUTH\",\"ALLOW_REFRESH_TOKEN_AUTH\"]";
    static final String IP = "203.0.113.7";
    static final Totp TOTP = new Totp();
    /** An OPTIONAL pool offering SMS and TOTP, with a sender. */
    static final String OPTIONAL_SMS_AND_TOTP = "\"mfaMode\":\"OPTIONAL\"," + RestFixtures.SMS_ON + ","
            + RestFixtures.TOTP_ON + "," + RestFixtures.SENDER;

    private SignInFixtures() {
    }

    static String auth(String poolId) {
        return RestFixtures.POOLS + "/" + poolId + "/auth";
    }

    /** An app client without a secret that allows password and refresh-token sign-in. */
    static String client(TestApi api, String poolId) {
        TestApi.Response created = api.post(RestFixtures.POOLS + "/" + poolId + "/clients",
                "{\"name\":\"web\",\"explicitAuthFlows\":" + PASSWORD_FLOWS + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("clientId").asText();
    }

    /** An app client with these flows (a JSON array) and this session validity in minutes. */
    static String client(TestApi api, String poolId, String flows, int sessionMinutes) {
        TestApi.Response created = api.post(RestFixtures.POOLS + "/" + poolId + "/clients",
                "{\"name\":\"web\",\"explicitAuthFlows\":" + flows + ",\"authSessionValidityMinutes\":"
                        + sessionMinutes + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("clientId").asText();
    }

    /** A pool of its own, named {@code name}, with this MFA mode and these members (see {@link RestFixtures}). */
    static String pool(TestApi api, String name, String mode, String... members) {
        return RestFixtures.createPool(api, RestFixtures.pool(name, mode, members));
    }

    /** An OPTIONAL pool offering SMS and TOTP, with a sender. */
    static String smsAndTotpPool(TestApi api, String name) {
        return RestFixtures.createPool(api, "{\"name\":\"" + name + "\"," + OPTIONAL_SMS_AND_TOTP + "}");
    }

    /** A CONFIRMED user with its own password and an admin-verified phone number, no factor enabled yet. */
    static JsonNode userWithPhone(TestApi api, String poolId, String username, String phone) {
        return confirmedUser(api, poolId, username, "\"phoneNumber\":\"" + phone + "\"",
                "\"phoneNumberVerified\":true");
    }

    /** A CONFIRMED user with a verified phone number and SMS MFA enabled (preferred when it is its only factor). */
    static JsonNode smsUser(TestApi api, String poolId, String username, String phone) {
        JsonNode user = userWithPhone(api, poolId, username, phone);
        preference(api, poolId, username, "{\"sms\":{\"enabled\":true,\"preferred\":false}}");
        return user;
    }

    /** Sets the user's MFA preference (the PUT body as given), failing unless it is accepted. */
    static void preference(TestApi api, String poolId, String username, String body) {
        TestApi.Response set = api.put(UserFixtures.user(poolId, username) + "/mfa-preference", body);
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
    }

    /**
     * Associates and verifies an authenticator for an existing user and enables TOTP (not preferred); answers its
     * secret. The clock moves past the time step of the verification code, so the next code is a new one.
     */
    static String enrolTotp(TestApi api, MutableClock clock, String poolId, String username) {
        TestApi.Response associated = api.post(UserFixtures.user(poolId, username) + "/software-token", null);
        assertThat(associated.status()).as(associated.toString()).isEqualTo(200);
        String secret = associated.json().path("secretCode").asText();
        TestApi.Response verified = api.post(UserFixtures.user(poolId, username) + "/software-token/verify",
                "{\"userCode\":\"" + totpCode(clock, secret) + "\"}");
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        preference(api, poolId, username, "{\"softwareToken\":{\"enabled\":true,\"preferred\":false}}");
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        return secret;
    }

    /** The authenticator's code now. */
    static String totpCode(MutableClock clock, String secret) {
        return TOTP.codeAt(secret, Totp.step(clock.instant()));
    }

    /** The newest SIGN_IN_MFA code to this phone, after {@code earlier} such messages. */
    static String smsCode(DevelopmentOutbox outbox, String phone, long earlier) {
        return UserFixtures.awaitCode(outbox, phone, "SIGN_IN_MFA", earlier);
    }

    static long smsCount(DevelopmentOutbox outbox, String phone) {
        return UserFixtures.count(outbox, phone, "SIGN_IN_MFA");
    }

    static String totpAnswer(String code) {
        return "{\"SOFTWARE_TOKEN_MFA_CODE\":\"" + code + "\"}";
    }

    static String smsAnswer(String code) {
        return "{\"SMS_MFA_CODE\":\"" + code + "\"}";
    }

    /** AssociateSoftwareToken with the session of an MFA_SETUP. */
    static TestApi.Response associate(TestApi api, String poolId, String session) {
        return api.post(auth(poolId) + "/software-token/associate", "{\"session\":\"" + session + "\"}");
    }

    /** VerifySoftwareToken with the session of an MFA_SETUP. */
    static TestApi.Response verifyInSession(TestApi api, String poolId, String session, String code) {
        return api.post(auth(poolId) + "/software-token/verify", "{\"session\":\"" + session + "\",\"userCode\":\""
                + code + "\",\"friendlyDeviceName\":\"phone\"}");
    }

    /** The claims of a JWT. */
    static JWTClaimsSet claims(String jwt) {
        try {
            return SignedJWT.parse(jwt).getJWTClaimsSet();
        } catch (ParseException e) {
            throw new AssertionError("not a JWT: " + jwt, e);
        }
    }

    /** A CONFIRMED user with {@link UserFixtures#PASSWORD} as its own password. */
    static JsonNode confirmedUser(TestApi api, String poolId, String username, String... members) {
        JsonNode user = UserFixtures.createUser(api, poolId, username, members);
        TestApi.Response set = api.put(UserFixtures.user(poolId, username) + "/password",
                "{\"password\":\"" + UserFixtures.PASSWORD + "\",\"permanent\":true}");
        assertThat(set.status()).as(set.toString()).isIn(200, 204);
        return user;
    }

    /**
     * A CONFIRMED user with a verified authenticator, enabled and preferred: its sign-in asks SOFTWARE_TOKEN_MFA.
     * Answers the authenticator's secret; the clock has moved on past the step of the verification code.
     */
    static String totpUser(TestApi api, MutableClock clock, String poolId, String username) {
        confirmedUser(api, poolId, username);
        String user = UserFixtures.user(poolId, username);
        String secret = api.post(user + "/software-token", null).json().path("secretCode").asText();
        clock.advance(Duration.ofSeconds(30));
        TestApi.Response verified = api.post(user + "/software-token/verify",
                "{\"userCode\":\"" + totpCode(secret, clock) + "\"}");
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        TestApi.Response preferred = api.put(user + "/mfa-preference",
                "{\"softwareToken\":{\"enabled\":true,\"preferred\":true}}");
        assertThat(preferred.status()).as(preferred.toString()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(30));
        return secret;
    }

    static String totpCode(String secret, MutableClock clock) {
        return new Totp().codeAt(secret, Totp.step(clock.instant()));
    }

    /** A six-digit code that the authenticator accepts in none of the steps around now: a wrong answer for sure. */
    static String wrongTotpCode(String secret, MutableClock clock) {
        Totp totp = new Totp();
        long now = Totp.step(clock.instant());
        Set<String> near = Set.copyOf(LongStream.rangeClosed(now - 2, now + 2)
                .mapToObj(step -> totp.codeAt(secret, step)).toList());
        for (int digit = 0; ; digit++) {
            String candidate = String.valueOf(digit).repeat(6);
            if (!near.contains(candidate)) {
                return candidate;
            }
        }
    }

    static TestApi.Response initiate(TestApi api, String poolId, String clientId, String username, String password) {
        return initiate(api, poolId, clientId, username, password, IP);
    }

    static TestApi.Response initiate(TestApi api, String poolId, String clientId, String username, String password,
                                     String ip) {
        return api.post(auth(poolId) + "/initiate", "{\"clientId\":\"" + clientId + "\",\"authFlow\":"
                + "\"USER_PASSWORD_AUTH\",\"authParameters\":{\"USERNAME\":\"" + username + "\",\"PASSWORD\":\""
                + password + "\"},\"context\":{\"ipAddress\":\"" + ip + "\",\"userAgent\":\"test-agent\","
                + "\"deviceId\":\"laptop-1\"}}");
    }

    static TestApi.Response respond(TestApi api, String poolId, String clientId, String challenge, String session,
                                    String responses) {
        return api.post(auth(poolId) + "/respond", "{\"clientId\":\"" + clientId + "\",\"challengeName\":\""
                + challenge + "\",\"session\":\"" + session + "\",\"challengeResponses\":" + responses + "}");
    }

    /** {@link #respond}, for an end user at {@code ip} (the answer's context). */
    static TestApi.Response respondFrom(TestApi api, String poolId, String clientId, String challenge, String session,
                                        String responses, String ip) {
        return api.post(auth(poolId) + "/respond", "{\"clientId\":\"" + clientId + "\",\"challengeName\":\""
                + challenge + "\",\"session\":\"" + session + "\",\"challengeResponses\":" + responses
                + ",\"context\":{\"ipAddress\":\"" + ip + "\"}}");
    }

    static TestApi.Response refresh(TestApi api, String poolId, String clientId, String refreshToken) {
        return api.post(auth(poolId) + "/initiate", "{\"clientId\":\"" + clientId + "\",\"authFlow\":"
                + "\"REFRESH_TOKEN_AUTH\",\"authParameters\":{\"REFRESH_TOKEN\":\"" + refreshToken + "\"}}");
    }

    /** The answer is a challenge of this name; answers its session. */
    static String challenge(TestApi.Response response, String name) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("challengeName").asText()).as(response.toString()).isEqualTo(name);
        assertThat(response.json().has("authenticationResult")).isFalse();
        return response.json().path("session").asText();
    }

    /** The answer is tokens; answers the authentication result. */
    static JsonNode tokens(TestApi.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode result = response.json().path("authenticationResult");
        assertThat(result.path("accessToken").asText()).as(response.toString()).isNotEmpty();
        assertThat(result.path("idToken").asText()).isNotEmpty();
        assertThat(result.path("refreshToken").asText()).isNotEmpty();
        assertThat(result.path("tokenType").asText()).isEqualTo("Bearer");
        return result;
    }
}
