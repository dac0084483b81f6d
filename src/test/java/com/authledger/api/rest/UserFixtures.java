package com.authledger.api.rest;

import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.support.ProjectionsCaughtUp;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Pools, users and codes the user API tests are built from. */
final class UserFixtures {

    static final String PASSWORD = "Correct-Horse-7";
    static final String PHONE = "+15555550100";
    static final String NEW_PHONE = "+15555550199";
    static final String EMAIL = "alice@example.com";
    private static final Pattern SIX_DIGITS = Pattern.compile("\\b(\\d{6})\\b");

    private UserFixtures() {
    }

    static String users(String poolId) {
        return RestFixtures.POOLS + "/" + poolId + "/users";
    }

    static String user(String poolId, String username) {
        return users(poolId) + "/" + username;
    }

    /** An OPTIONAL pool offering SMS and TOTP, with a sender, verifying phone numbers and emails at sign-up. */
    static String smsAndTotpPool(TestApi api) {
        return RestFixtures.createPool(api, "{\"name\":\"Acme\",\"mfaMode\":\"OPTIONAL\"," + RestFixtures.SMS_ON + ","
                + RestFixtures.TOTP_ON + "," + RestFixtures.SENDER
                + ",\"verification\":{\"autoVerifiedAttributes\":[\"phone_number\",\"email\"]}}");
    }

    static String totpOnlyPool(TestApi api) {
        return RestFixtures.createPool(api, RestFixtures.pool("Totp only", "OPTIONAL", RestFixtures.TOTP_ON));
    }

    /** An admin-created user with a phone number (unverified) and the given extra JSON members. */
    static JsonNode createUser(TestApi api, String poolId, String username, String... members) {
        StringBuilder body = new StringBuilder("{\"username\":\"" + username + "\",\"temporaryPassword\":\""
                + PASSWORD + "\"");
        for (String member : members) {
            body.append(',').append(member);
        }
        TestApi.Response created = api.post(users(poolId), body.append('}').toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    /** A confirmed user whose phone number is verified through the code sent to it. */
    static JsonNode userWithVerifiedPhone(TestApi api, DevelopmentOutbox outbox, String poolId, String username,
                                          String phone) {
        createUser(api, poolId, username, "\"phoneNumber\":\"" + phone + "\"");
        TestApi.Response sent = api.post(user(poolId, username) + "/attribute-verification-code",
                "{\"attribute\":\"phone_number\"}");
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        String code = awaitCode(outbox, phone, "VERIFY_PHONE_NUMBER");
        TestApi.Response verified = api.post(user(poolId, username) + "/verify-attribute",
                "{\"attribute\":\"phone_number\",\"code\":\"" + code + "\"}");
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        return verified.json();
    }

    /**
     * The code of the newest message to this destination for this purpose, waiting for its delivery (delivery is
     * asynchronous). For the first such message; when earlier ones exist, say how many with the other overload.
     */
    static String awaitCode(DevelopmentOutbox outbox, String destination, String purpose) {
        return awaitCode(outbox, destination, purpose, 0);
    }

    /** The code of the message after the {@code earlier} ones already delivered to this destination for this purpose. */
    static String awaitCode(DevelopmentOutbox outbox, String destination, String purpose, long earlier) {
        ProjectionsCaughtUp.until(Duration.ofSeconds(10), () -> count(outbox, destination, purpose) > earlier,
                () -> "no new " + purpose + " message was delivered");
        String text = newest(outbox, destination, purpose).orElseThrow();
        Matcher m = SIX_DIGITS.matcher(text);
        assertThat(m.find()).as("a code in the message").isTrue();
        return m.group(1);
    }

    static long count(DevelopmentOutbox outbox, String destination, String purpose) {
        return outbox.messages().stream()
                .filter(m -> m.destination().equals(destination) && m.purpose().equals(purpose)).count();
    }

    static Optional<String> newest(DevelopmentOutbox outbox, String destination, String purpose) {
        return outbox.messages().stream()
                .filter(m -> m.destination().equals(destination) && m.purpose().equals(purpose))
                .map(DevelopmentOutbox.Delivered::text).findFirst();
    }

    static long messagesTo(DevelopmentOutbox outbox, String destination) {
        return outbox.messages().stream().filter(m -> m.destination().equals(destination)).count();
    }

    /** A code that is not the given one. */
    static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }
}
