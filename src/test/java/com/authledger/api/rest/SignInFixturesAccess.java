package com.authledger.api.rest;

import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.support.MutableClock;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;

/** The sign-in fixtures (pools, app clients, users and their factors through the REST API), for other packages. */
public final class SignInFixturesAccess {

    public static final String PASSWORD = UserFixtures.PASSWORD;
    public static final String TOTP_ON = RestFixtures.TOTP_ON;
    public static final String SMS_ON = RestFixtures.SMS_ON;
    public static final String SENDER = RestFixtures.SENDER;
    public static final String POOLS = RestFixtures.POOLS;

    private SignInFixturesAccess() {
    }

    public static String pool(TestApi api, String name, String mode, String... members) {
        return SignInFixtures.pool(api, name, mode, members);
    }

    public static String smsAndTotpPool(TestApi api, String name) {
        return SignInFixtures.smsAndTotpPool(api, name);
    }

    /** An app client with these flows (a JSON array) and this session validity in minutes. */
    public static String client(TestApi api, String poolId, String flows, int sessionMinutes) {
        return SignInFixtures.client(api, poolId, flows, sessionMinutes);
    }

    public static JsonNode createUser(TestApi api, String poolId, String username, String... members) {
        return UserFixtures.createUser(api, poolId, username, members);
    }

    public static JsonNode confirmedUser(TestApi api, String poolId, String username, String... members) {
        return SignInFixtures.confirmedUser(api, poolId, username, members);
    }

    public static JsonNode smsUser(TestApi api, String poolId, String username, String phone) {
        return SignInFixtures.smsUser(api, poolId, username, phone);
    }

    public static String totpUser(TestApi api, MutableClock clock, String poolId, String username) {
        return SignInFixtures.totpUser(api, clock, poolId, username);
    }

    public static String enrolTotp(TestApi api, MutableClock clock, String poolId, String username) {
        return SignInFixtures.enrolTotp(api, clock, poolId, username);
    }

    public static String totpCode(MutableClock clock, String secret) {
        return SignInFixtures.totpCode(clock, secret);
    }

    public static String wrongTotpCode(String secret, MutableClock clock) {
        return SignInFixtures.wrongTotpCode(secret, clock);
    }

    public static String smsCode(DevelopmentOutbox outbox, String phone, long earlier) {
        return SignInFixtures.smsCode(outbox, phone, earlier);
    }

    public static long smsCount(DevelopmentOutbox outbox, String phone) {
        return SignInFixtures.smsCount(outbox, phone);
    }
}
