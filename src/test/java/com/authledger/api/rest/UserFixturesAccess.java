package com.authledger.api.rest;

import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.support.TestApi;

/** The user fixtures, for tests outside this package. */
public final class UserFixturesAccess {

    private UserFixturesAccess() {
    }

    public static String smsAndTotpPool(TestApi api) {
        return UserFixtures.smsAndTotpPool(api);
    }

    public static String awaitCode(DevelopmentOutbox outbox, String destination, String purpose) {
        return UserFixtures.awaitCode(outbox, destination, purpose);
    }

    public static String awaitCode(DevelopmentOutbox outbox, String destination, String purpose, long earlier) {
        return UserFixtures.awaitCode(outbox, destination, purpose, earlier);
    }
}
