package com.authledger.api.rest;

import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.authledger.api.rest.RestFixtures.assertProblem;
import static com.authledger.api.rest.UserFixtures.EMAIL;
import static com.authledger.api.rest.UserFixtures.PASSWORD;
import static com.authledger.api.rest.UserFixtures.PHONE;
import static com.authledger.api.rest.UserFixtures.awaitCode;
import static com.authledger.api.rest.UserFixtures.createUser;
import static com.authledger.api.rest.UserFixtures.user;
import static com.authledger.api.rest.UserFixtures.users;
import static com.authledger.api.rest.UserFixtures.wrong;
import static org.assertj.core.api.Assertions.assertThat;

/** Registration, identity and lifecycle: unique names, statuses, sign-up confirmation, passwords, deletion. */
@IntegrationTest
class UserLifecycleApiTest {

    @LocalServerPort
    int port;

    @Autowired
    DevelopmentOutbox outbox;

    @Autowired
    JdbcTemplate jdbc;

    TestApi api;
    EventStoreProbe events;
    String poolId;

    @BeforeEach
    void setUp() {
        api = TestApi.admin(port);
        events = new EventStoreProbe(jdbc);
        poolId = UserFixtures.smsAndTotpPool(api);
    }

    @Test
    void anAdminCreatedUserGetsARandomSubAndMustChangeItsPassword() {
        JsonNode created = createUser(api, poolId, "Alice", "\"email\":\"" + EMAIL + "\"", "\"emailVerified\":true");

        assertThat(created.path("sub").asText()).matches("[0-9a-f-]{36}");
        assertThat(created.path("username").asText()).isEqualTo("Alice");
        assertThat(created.path("status").asText()).isEqualTo("FORCE_CHANGE_PASSWORD");
        assertThat(created.path("attributes").path("email").asText()).isEqualTo(EMAIL);
        assertThat(created.path("attributes").path("emailVerified").asBoolean()).isTrue();
        // found by any case of its name, and by its sub
        assertThat(api.get(user(poolId, "ALICE")).json().path("sub")).isEqualTo(created.path("sub"));
        assertThat(api.get(user(poolId, created.path("sub").asText())).status()).isEqualTo(200);
        assertThat(api.get(users(poolId)).json().path("items")).hasSize(1);
    }

    @Test
    void usernamesAreUniqueInAPoolWhateverTheirCase() {
        createUser(api, poolId, "bob");
        long before = events.eventCount();

        assertProblem(api.post(users(poolId), "{\"username\":\"BOB\",\"temporaryPassword\":\"" + PASSWORD + "\"}"),
                409, "UsernameExists");

        assertThat(events.eventCount()).isEqualTo(before);
        // another pool has its own names
        createUser(api, UserFixtures.totpOnlyPool(api), "Bob");
    }

    @Test
    void ofConcurrentRegistrationsOfOneNameExactlyOneSucceeds() throws Exception {
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            String name = i % 2 == 0 ? "racer" : "RACER";
            results.add(pool.submit(() -> {
                start.await();
                return api.post(users(poolId), "{\"username\":\"" + name + "\",\"temporaryPassword\":\"" + PASSWORD
                        + "\"}").status();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> result : results) {
            statuses.add(result.get());
        }
        pool.shutdown();

        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM username_claim WHERE pool_id = ?", Long.class, poolId))
                .isEqualTo(1);
    }

    @Test
    void aDeletedUsersNameCanBeRegisteredAgainAsANewUser() {
        String first = createUser(api, poolId, "carol").path("sub").asText();

        assertThat(api.send("DELETE", user(poolId, "carol"), null, null).status()).isEqualTo(204);
        assertProblem(api.get(user(poolId, "carol")), 404, "UserNotFound");
        assertProblem(api.get(user(poolId, first)), 404, "UserNotFound");
        assertProblem(api.send("DELETE", user(poolId, first), null, null), 404, "UserNotFound");

        String second = createUser(api, poolId, "Carol").path("sub").asText();
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void signUpIsConfirmedWithTheCodeSentToThePhoneWhichItVerifies() {
        TestApi.Response signedUp = api.post(RestFixtures.POOLS + "/" + poolId + "/sign-up",
                "{\"username\":\"dave\",\"password\":\"" + PASSWORD + "\",\"phoneNumber\":\"" + PHONE + "\"}");

        assertThat(signedUp.status()).as(signedUp.toString()).isEqualTo(201);
        assertThat(signedUp.json().path("status").asText()).isEqualTo("UNCONFIRMED");
        assertThat(signedUp.json().path("userConfirmed").asBoolean()).isFalse();
        assertThat(signedUp.json().path("codeDeliveryDetails").path("destination").asText()).isEqualTo("+*******0100");
        assertThat(signedUp.json().path("codeDeliveryDetails").path("deliveryMedium").asText()).isEqualTo("SMS");
        String code = awaitCode(outbox, PHONE, "SIGN_UP");

        // factors wait for the confirmation
        assertProblem(api.post(user(poolId, "dave") + "/software-token", null), 409, "UserNotConfirmed");
        assertProblem(api.post(user(poolId, "dave") + "/confirm-sign-up", "{\"code\":\"" + wrong(code) + "\"}"),
                400, "CodeMismatch");
        TestApi.Response confirmed = api.post(user(poolId, "dave") + "/confirm-sign-up",
                "{\"code\":\"" + code + "\"}");

        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(confirmed.json().path("status").asText()).isEqualTo("CONFIRMED");
        assertThat(confirmed.json().path("attributes").path("phoneNumberVerified").asBoolean()).isTrue();
        // single use: past confirmation the code is answered as a wrong one, which tells nothing of the status
        assertProblem(api.post(user(poolId, "dave") + "/confirm-sign-up", "{\"code\":\"" + code + "\"}"), 400,
                "CodeMismatch");
    }

    @Test
    void aSignUpCannotVouchForItsOwnAttributes() {
        long before = events.eventCount();

        assertProblem(api.post(RestFixtures.POOLS + "/" + poolId + "/sign-up", "{\"username\":\"eve\",\"password\":\""
                + PASSWORD + "\",\"phoneNumber\":\"" + PHONE + "\",\"phoneNumberVerified\":true}"), 400, "UnknownField");

        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void aUserCannotVouchForItsOwnAttributesThroughAnUpdate() {
        createUser(api, poolId, "kim");
        long before = events.eventCount();

        assertProblem(api.header(UserController.INITIATED_BY, "user").send("PATCH", user(poolId, "kim")
                        + "/attributes", "{\"phoneNumber\":\"" + PHONE + "\",\"phoneNumberVerified\":true}",
                "application/json"), 400, "InvalidParameter");
        assertProblem(api.header(UserController.INITIATED_BY, "user").put(user(poolId, "kim") + "/password",
                "{\"password\":\"" + PASSWORD + "\",\"permanent\":true}"), 400, "InvalidParameter");
        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void namesCompareInTheirNormalizedFormAndASubShapedNameIsRefused() {
        createUser(api, poolId, "alicia");
        assertProblem(api.post(users(poolId), "{\"username\":\"\uFF21\uFF2C\uFF29\uFF23\uFF29\uFF21\","
                + "\"temporaryPassword\":\"" + PASSWORD + "\"}"), 409, "UsernameExists");
        assertProblem(api.post(users(poolId), "{\"username\":\"0f8fad5b-d9cb-469f-a165-70867728950e\","
                + "\"temporaryPassword\":\"" + PASSWORD + "\"}"), 400, "InvalidParameter");
        assertProblem(api.post(users(poolId), "{\"username\":\"" + "\uFDFA".repeat(40) + "\","
                + "\"temporaryPassword\":\"" + PASSWORD + "\"}"), 400, "InvalidParameter");
    }

    @Test
    void aSignUpCodeIsVoidWhenTheNumberItWentToChanges() {
        api.post(RestFixtures.POOLS + "/" + poolId + "/sign-up",
                "{\"username\":\"leo\",\"password\":\"" + PASSWORD + "\",\"phoneNumber\":\"+15555550140\"}");
        String code = awaitCode(outbox, "+15555550140", "SIGN_UP");
        api.send("PATCH", user(poolId, "leo") + "/attributes", "{\"phoneNumber\":\"+15555550141\"}",
                "application/json");

        assertProblem(api.post(user(poolId, "leo") + "/confirm-sign-up", "{\"code\":\"" + code + "\"}"), 400,
                "ExpiredCode");
        assertThat(api.get(user(poolId, "leo")).json().path("attributes").path("phoneNumberVerified").asBoolean())
                .isFalse();
    }

    @Test
    void aSignUpIsConfirmedByEmailWhenThePoolVerifiesEmails() {
        String emailPool = RestFixtures.createPool(api, "{\"name\":\"Email\",\"mfaMode\":\"OFF\","
                + "\"verification\":{\"autoVerifiedAttributes\":[\"email\"]}}");
        TestApi.Response signedUp = api.post(RestFixtures.POOLS + "/" + emailPool + "/sign-up",
                "{\"username\":\"mia\",\"password\":\"" + PASSWORD + "\",\"email\":\"mia@example.com\"}");
        assertThat(signedUp.json().path("codeDeliveryDetails").path("destination").asText())
                .isEqualTo("m***@e***.com");
        String code = awaitCode(outbox, "mia@example.com", "SIGN_UP");

        JsonNode confirmed = api.post(user(emailPool, "mia") + "/confirm-sign-up", "{\"code\":\"" + code + "\"}")
                .json();

        assertThat(confirmed.path("status").asText()).isEqualTo("CONFIRMED");
        assertThat(confirmed.path("attributes").path("emailVerified").asBoolean()).isTrue();
    }

    @Test
    void auditorsReadTheUsersHistoryButNotTheirContactDetails() {
        createUser(api, poolId, "nina", "\"phoneNumber\":\"" + PHONE + "\"");
        TestApi auditor = TestApi.auditor(port);

        assertProblem(auditor.get(user(poolId, "nina")), 403, "Forbidden");
        assertProblem(auditor.get(users(poolId)), 403, "Forbidden");
        assertThat(auditor.get(user(poolId, "nina") + "/mfa-history").status()).isEqualTo(200);
    }

    @Test
    void anAdminConfirmsASignUpThatNoCodeCanConfirm() {
        String plainPool = RestFixtures.createPool(api, RestFixtures.pool("Plain", "OFF"));
        TestApi.Response signedUp = api.post(RestFixtures.POOLS + "/" + plainPool + "/sign-up",
                "{\"username\":\"frank\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(signedUp.json().has("codeDeliveryDetails")).isFalse();
        assertProblem(api.post(user(plainPool, "frank") + "/resend-confirmation-code", null), 409,
                "InvalidUserState");

        TestApi.Response confirmed = api.post(user(plainPool, "frank") + "/admin-confirm-sign-up", null);

        assertThat(confirmed.json().path("status").asText()).isEqualTo("CONFIRMED");
    }

    @Test
    void passwordsFollowThePoolsPolicyAndAViolationChangesNothing() {
        createUser(api, poolId, "grace");
        long before = events.eventCount();

        assertThat(assertProblem(api.put(user(poolId, "grace") + "/password",
                "{\"password\":\"shrt1A!\",\"permanent\":true}"), 400, "InvalidPassword")
                .path("detail").asText()).doesNotContain("shrt1A!");
        assertThat(assertProblem(api.put(user(poolId, "grace") + "/password",
                "{\"password\":\"alllowercase-1\",\"permanent\":true}"), 400, "InvalidPassword")
                .path("detail").asText()).contains("uppercase");
        assertProblem(api.post(users(poolId), "{\"username\":\"heidi\",\"temporaryPassword\":\"password\"}"), 400,
                "InvalidPassword");
        assertThat(events.eventCount()).isEqualTo(before);

        TestApi.Response set = api.put(user(poolId, "grace") + "/password",
                "{\"password\":\"Another-Pass-9\",\"permanent\":true}");
        assertThat(set.json().path("status").asText()).isEqualTo("CONFIRMED");
        TestApi.Response temporary = api.put(user(poolId, "grace") + "/password",
                "{\"password\":\"Another-Pass-10\",\"permanent\":false}");
        assertThat(temporary.json().path("status").asText()).isEqualTo("FORCE_CHANGE_PASSWORD");
    }

    @Test
    void badInputIsRefusedWithItsFieldNamedAndChangesNothing() {
        createUser(api, poolId, "ivan");
        long before = events.eventCount();

        assertProblem(api.post(users(poolId), "{\"username\":\"with space\",\"temporaryPassword\":\"" + PASSWORD
                + "\"}"), 400, "InvalidParameter");
        assertProblem(api.post(users(poolId), "{\"username\":\"judy\",\"temporaryPassword\":\"" + PASSWORD
                + "\",\"phoneNumber\":\"555-0100\"}"), 400, "InvalidParameter");
        assertProblem(api.post(users(poolId), "{\"username\":\"judy\",\"temporaryPassword\":\"" + PASSWORD
                + "\",\"email\":\"not-an-email\"}"), 400, "InvalidParameter");
        assertProblem(api.post(users(poolId), "{\"username\":\"judy\",\"temporaryPassword\":\"" + PASSWORD
                + "\",\"phoneNumberVerified\":true}"), 400, "InvalidParameter");
        assertProblem(api.post(users(poolId), "{\"username\":\"judy\"}"), 400, "InvalidParameter");
        assertProblem(api.post(users(poolId), "{\"username\":\"judy\",\"temporaryPassword\":7}"), 400,
                "InvalidFieldValue");
        assertProblem(api.post(users(poolId), "{\"username\":\"judy\""), 400, "MalformedJson");
        assertProblem(api.post(users(poolId), "{\"username\":\"judy\",\"role\":\"admin\"}"), 400, "UnknownField");
        assertProblem(api.post(users(poolId), "{\"username\":\"" + "x".repeat(129) + "\",\"temporaryPassword\":\""
                + PASSWORD + "\"}"), 400, "InvalidParameter");
        assertProblem(api.put(user(poolId, "ivan") + "/mfa-preference",
                "{\"sms\":{\"enabled\":false,\"preferred\":true}}"), 400, "InvalidParameter");
        assertProblem(api.put(user(poolId, "ivan") + "/mfa-preference",
                "{\"sms\":{\"enabled\":true,\"preferred\":true},\"softwareToken\":{\"enabled\":true,"
                        + "\"preferred\":true}}"), 400, "InvalidParameter");
        assertProblem(api.post(user(poolId, "ivan") + "/verify-attribute",
                "{\"attribute\":\"phone_number\",\"code\":\"12345\"}"), 400, "InvalidParameter");
        assertProblem(api.post(user(poolId, "ivan") + "/verify-attribute",
                "{\"attribute\":\"address\",\"code\":\"123456\"}"), 400, "InvalidParameter");
        assertProblem(api.post(user(poolId, "ivan") + "/software-token/verify", "{\"userCode\":\"12a456\"}"), 400,
                "InvalidParameter");
        assertProblem(api.header(UserController.INITIATED_BY, "robot").put(user(poolId, "ivan") + "/phone-number",
                "{\"phoneNumber\":\"" + PHONE + "\"}"), 400, "InvalidParameter");
        assertProblem(TestApi.admin(port).get(user(poolId, "nobody")), 404, "UserNotFound");
        assertProblem(TestApi.admin(port).get(user("us-east-1_Missing01", "ivan")), 404, "PoolNotFound");
        assertProblem(TestApi.auditor(port).post(users(poolId), "{\"username\":\"judy\",\"temporaryPassword\":\""
                + PASSWORD + "\"}"), 403, "Forbidden");

        assertThat(events.eventCount()).isEqualTo(before);
    }
}
