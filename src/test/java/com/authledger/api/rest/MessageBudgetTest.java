package com.authledger.api.rest;

import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.limits.WindowCounters;
import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.ProjectionsCaughtUp;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static com.authledger.api.rest.RestFixtures.assertProblem;
import static com.authledger.api.rest.SignInFixtures.challenge;
import static com.authledger.api.rest.SignInFixtures.initiate;
import static com.authledger.api.rest.SignInFixtures.smsCode;
import static com.authledger.api.rest.SignInFixtures.smsCount;
import static com.authledger.api.rest.SignInFixtures.smsUser;
import static com.authledger.api.rest.UserFixtures.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The message budgets on the REST API: every code (sign-in, sign-up, reset, verification) draws from the budgets of
 * its user and destination (the defaults, 5 per 15 minutes), of the end user's source address, of its pool and of
 * the service (small limits here, set for this class alone); notices from budgets of their own. Past a code's budget
 * the request is refused with LimitExceeded (429, with Retry-After), no message is sent and nothing is recorded.
 * Each test starts in fresh budget windows (the clock moves on an hour), and uses numbers, users and pools of its own.
 */
@IntegrationTest
@TestPropertySource(properties = {
        "authledger.message-budgets.per-source.limit=8",
        "authledger.message-budgets.per-pool.limit=12",
        "authledger.message-budgets.service.limit=20",
        "authledger.message-budgets.notices-per-pool.limit=2",
})
class MessageBudgetTest {

    @LocalServerPort
    int port;

    @Autowired
    DevelopmentOutbox outbox;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    WindowCounters counters;

    TestApi api;
    EventStoreProbe events;

    @BeforeEach
    void setUp() {
        api = TestApi.admin(port);
        events = new EventStoreProbe(jdbc);
        clock.advance(Duration.ofHours(1));
    }

    /** A pool of its own with SMS MFA, its client, and SMS users named {@code <prefix>0..}. */
    private record Pool(String poolId, String clientId) {
    }

    private Pool pool(String name) {
        String poolId = SignInFixtures.smsAndTotpPool(api, name);
        return new Pool(poolId, SignInFixtures.client(api, poolId));
    }

    private TestApi.Response signIn(Pool pool, String username, String ip) {
        return initiate(api, pool.poolId(), pool.clientId(), username, PASSWORD, ip);
    }

    /** {@code times} SMS sign-ins, each sending a code (awaited, so that later counts are settled). */
    private void sendCodes(Pool pool, String username, String phone, String ip, int times) {
        for (int i = 0; i < times; i++) {
            long earlier = smsCount(outbox, phone);
            challenge(signIn(pool, username, ip), "SMS_MFA");
            smsCode(outbox, phone, earlier);
        }
    }

    /** A sign-in past a budget: refused naming it, nothing recorded, no text (still {@code sent} to the phone). */
    private JsonNode assertSpent(Pool pool, String username, String ip, String whose, String phone, long sent) {
        long before = events.eventCount();
        JsonNode problem = assertLimited(signIn(pool, username, ip), whose);
        assertThat(events.eventCount()).isEqualTo(before);
        assertThat(smsCount(outbox, phone)).as("no text past the budget").isEqualTo(sent);
        return problem;
    }

    /** Refused past the budget of {@code whose}, with a Retry-After within the budget's window. */
    private static JsonNode assertLimited(TestApi.Response response, String whose) {
        JsonNode problem = assertProblem(response, 429, "LimitExceeded");
        assertThat(problem.path("detail").asText()).contains("The message budget of " + whose);
        assertThat(Long.parseLong(response.header("Retry-After"))).isBetween(1L, 3600L);
        return problem;
    }

    /** A pool that sends sign-up codes to phone numbers. */
    private String signUpPool(String name) {
        return RestFixtures.createPool(api, "{\"name\":\"" + name + "\"," + SignInFixtures.OPTIONAL_SMS_AND_TOTP
                + ",\"verification\":{\"autoVerifiedAttributes\":[\"phone_number\",\"email\"]}}");
    }

    private TestApi.Response signUp(String poolId, String username, String phone, String ip) {
        String context = ip == null ? "" : ",\"context\":{\"ipAddress\":\"" + ip + "\"}";
        return api.post(RestFixtures.POOLS + "/" + poolId + "/sign-up", "{\"username\":\"" + username
                + "\",\"password\":\"" + PASSWORD + "\",\"phoneNumber\":\"" + phone + "\"" + context + "}");
    }

    /** {@code times} sign-ups under new names and numbers, each sending a code; answers the numbers. */
    private List<String> signUps(String poolId, String prefix, String firstPhone, String ip, int times) {
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            String phone = firstPhone.substring(0, firstPhone.length() - 2) + String.format("%02d", i);
            TestApi.Response created = signUp(poolId, prefix + i, phone, ip);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            UserFixtures.awaitCode(outbox, phone, "SIGN_UP");
            phones.add(phone);
        }
        return phones;
    }

    /** A sign-up past a budget: refused naming it, nothing recorded, nothing sent, the name still free. */
    private void assertSignUpSpent(String poolId, String username, String phone, String ip, String whose) {
        long before = events.eventCount();
        long sent = UserFixtures.messagesTo(outbox, phone);
        assertLimited(signUp(poolId, username, phone, ip), whose);
        assertThat(events.eventCount()).as("nothing appended").isEqualTo(before);
        assertThat(UserFixtures.messagesTo(outbox, phone)).as("nothing sent").isEqualTo(sent);
        assertProblem(api.get(UserFixtures.user(poolId, username)), 404, "UserNotFound");
    }

    @Test
    void aUserGetsFiveCodesPerFifteenMinutes() {
        Pool pool = pool("Budget user");
        String phone = "+15555550501";
        smsUser(api, pool.poolId(), "ulf", phone);
        sendCodes(pool, "ulf", phone, "198.51.100.1", 5);

        assertSpent(pool, "ulf", "198.51.100.2", "this user", phone, 5);

        clock.advance(Duration.ofMinutes(15));
        sendCodes(pool, "ulf", phone, "198.51.100.3", 1);
    }

    @Test
    void aSpentBudgetLeavesTheOtherFactorToChoose() {
        Pool pool = pool("Budget choice");
        String phone = "+15555550502";
        smsUser(api, pool.poolId(), "cho", phone);
        String secret = SignInFixtures.enrolTotp(api, clock, pool.poolId(), "cho");
        SignInFixtures.preference(api, pool.poolId(), "cho", "{\"sms\":{\"enabled\":true,\"preferred\":true}}");
        sendCodes(pool, "cho", phone, "198.51.100.5", 5);
        SignInFixtures.preference(api, pool.poolId(), "cho", "{\"sms\":{\"enabled\":true,\"preferred\":false}}");

        String select = challenge(signIn(pool, "cho", "198.51.100.5"), "SELECT_MFA_TYPE");
        long before = events.eventCount();
        JsonNode spent = assertProblem(SignInFixtures.respond(api, pool.poolId(), pool.clientId(), "SELECT_MFA_TYPE",
                select, "{\"ANSWER\":\"SMS_MFA\"}"), 429, "LimitExceeded");
        assertThat(spent.path("detail").asText()).contains("use another factor");
        assertThat(events.eventCount()).isEqualTo(before);
        assertThat(smsCount(outbox, phone)).isEqualTo(5);

        String totp = challenge(SignInFixtures.respond(api, pool.poolId(), pool.clientId(), "SELECT_MFA_TYPE", select,
                "{\"ANSWER\":\"SOFTWARE_TOKEN_MFA\"}"), "SOFTWARE_TOKEN_MFA");
        SignInFixtures.tokens(SignInFixtures.respond(api, pool.poolId(), pool.clientId(), "SOFTWARE_TOKEN_MFA", totp,
                SignInFixtures.totpAnswer(SignInFixtures.totpCode(clock, secret))));
    }

    @Test
    void aSourceAddressHasABudgetAcrossUsers() {
        Pool pool = pool("Budget ip");
        String ip = "198.51.100.10";
        smsUser(api, pool.poolId(), "ada", "+15555550511");
        smsUser(api, pool.poolId(), "bob", "+15555550512");
        sendCodes(pool, "ada", "+15555550511", ip, 5);
        sendCodes(pool, "bob", "+15555550512", ip, 3);

        assertSpent(pool, "bob", ip, "this source address", "+15555550512", 3);
        // the same address written another way is the same address
        assertSpent(pool, "bob", "::ffff:198.51.100.10", "this source address", "+15555550512", 3);
        sendCodes(pool, "bob", "+15555550512", "198.51.100.11", 1);
    }

    @Test
    void aPoolHasABudgetAcrossUsersAndAddresses() {
        Pool pool = pool("Budget pool");
        Pool other = pool("Budget other pool");
        smsUser(api, pool.poolId(), "cid", "+15555550521");
        smsUser(api, pool.poolId(), "dot", "+15555550522");
        smsUser(api, pool.poolId(), "eve", "+15555550523");
        smsUser(api, other.poolId(), "fay", "+15555550524");
        sendCodes(pool, "cid", "+15555550521", "198.51.100.21", 5);
        sendCodes(pool, "dot", "+15555550522", "198.51.100.22", 5);
        sendCodes(pool, "eve", "+15555550523", "198.51.100.23", 2);

        assertSpent(pool, "eve", "198.51.100.24", "this pool", "+15555550523", 2);
        sendCodes(other, "fay", "+15555550524", "198.51.100.25", 1);
    }

    @Test
    void theServiceHasAnHourlyBudgetAcrossPools() {
        Pool first = pool("Budget global 1");
        Pool second = pool("Budget global 2");
        Pool third = pool("Budget global 3");
        for (int i = 0; i < 2; i++) {
            smsUser(api, first.poolId(), "g" + i, "+1555555053" + i);
            sendCodes(first, "g" + i, "+1555555053" + i, "198.51.100.3" + i, 5);
            smsUser(api, second.poolId(), "h" + i, "+1555555054" + i);
            sendCodes(second, "h" + i, "+1555555054" + i, "198.51.100.4" + i, 5);
        }
        smsUser(api, third.poolId(), "k", "+15555550550");

        assertSpent(third, "k", "198.51.100.50", "the service", "+15555550550", 0);
        clock.advance(Duration.ofHours(1));
        sendCodes(third, "k", "+15555550550", "198.51.100.50", 1);
    }

    // ---- every code, not only sign-in's

    @Test
    void signUpsPumpingPremiumNumbersFromOneAddressStopAtItsBudget() {
        String poolId = signUpPool("Pumped");
        String ip = "198.51.100.60";
        signUps(poolId, "pump", "+8823400000100", ip, 8);

        assertSignUpSpent(poolId, "pump8", "+8823400000199", ip, "this source address");
        // another address is not held back by this one's spending
        assertThat(signUp(poolId, "pump8", "+8823400000199", "198.51.100.61").status()).isEqualTo(201);
    }

    @Test
    void withoutAContextTheRequestsOwnAddressCounts() {
        String poolId = signUpPool("Peer counted");
        // the tests' trusted proxy forwards the address: it is the request's own, as the TCP peer would be
        for (int i = 0; i < 8; i++) {
            String phone = "+155555507" + String.format("%02d", i);
            TestApi.Response created = api.header("X-Forwarded-For", "198.51.100.70").post(RestFixtures.POOLS + "/"
                    + poolId + "/sign-up", "{\"username\":\"peer" + i + "\",\"password\":\"" + PASSWORD
                    + "\",\"phoneNumber\":\"" + phone + "\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
        }
        long before = events.eventCount();
        assertLimited(api.header("X-Forwarded-For", "198.51.100.70").post(RestFixtures.POOLS + "/" + poolId
                + "/sign-up", "{\"username\":\"peer8\",\"password\":\"" + PASSWORD
                + "\",\"phoneNumber\":\"+15555550799\"}"), "this source address");
        assertThat(events.eventCount()).isEqualTo(before);
        // the end user's context, given, counts in place of the request's address
        assertThat(api.header("X-Forwarded-For", "198.51.100.70").post(RestFixtures.POOLS + "/" + poolId
                + "/sign-up", "{\"username\":\"peer8\",\"password\":\"" + PASSWORD
                + "\",\"phoneNumber\":\"+15555550799\",\"context\":{\"ipAddress\":\"198.51.100.71\"}}")
                .status()).isEqualTo(201);
    }

    @Test
    void anIpv6AddressCountsByItsSlash64() {
        String poolId = signUpPool("Slash 64");
        for (int i = 0; i < 8; i++) {
            String phone = "+155555508" + String.format("%02d", i);
            assertThat(signUp(poolId, "six" + i, phone, "2001:db8:1:2::" + (i + 1)).status()).isEqualTo(201);
        }
        assertSignUpSpent(poolId, "six8", "+15555550899", "2001:db8:1:2:ffff:ffff:ffff:ffff", "this source address");
        assertThat(signUp(poolId, "six8", "+15555550899", "2001:db8:1:3::1").status()).isEqualTo(201);
    }

    @Test
    void aDestinationHasABudgetAcrossUsersAndAddresses() {
        String poolId = signUpPool("Destination");
        String phone = "+15555550810";
        for (int i = 0; i < 5; i++) {
            assertThat(signUp(poolId, "dest" + i, phone, "198.51.100.8" + i).status()).isEqualTo(201);
            UserFixtures.awaitCode(outbox, phone, "SIGN_UP", i);
        }
        assertSignUpSpent(poolId, "dest5", phone, "198.51.100.89", "this destination");
    }

    @Test
    void aResetPastTheSourceBudgetIsRefusedWhateverTheName() {
        String poolId = signUpPool("Reset source");
        String ip = "198.51.100.90";
        signUps(poolId, "reset", "+15555550900", ip, 8);
        SignInFixtures.smsUser(api, poolId, "known", "+15555550950");
        long before = events.eventCount();

        for (String name : List.of("known", "nobody-by-this-name")) {
            assertLimited(api.post(RestFixtures.POOLS + "/" + poolId + "/forgot-password", "{\"username\":\"" + name
                    + "\",\"context\":{\"ipAddress\":\"" + ip + "\"}}"), "this source address");
        }
        assertThat(events.eventCount()).isEqualTo(before);
        assertThat(UserFixtures.messagesTo(outbox, "+15555550950")).isZero();
        // a new sign-up code likewise
        assertLimited(api.post(UserFixtures.user(poolId, "reset0") + "/resend-confirmation-code",
                "{\"context\":{\"ipAddress\":\"" + ip + "\"}}"), "this source address");
        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void anAdministratorsResetDrawsNoSourceAddressBudget() {
        String poolId = signUpPool("Admin reset");
        // spend the budget of the address the administrator's calls come from
        for (int i = 0; i < 8; i++) {
            String phone = "+155555509" + String.format("%02d", 60 + i);
            assertThat(api.header("X-Forwarded-For", "198.51.100.95").post(RestFixtures.POOLS + "/" + poolId
                    + "/sign-up", "{\"username\":\"adm" + i + "\",\"password\":\"" + PASSWORD
                    + "\",\"phoneNumber\":\"" + phone + "\"}").status()).isEqualTo(201);
        }
        SignInFixtures.confirmedUser(api, poolId, "resettable", "\"email\":\"resettable@example.com\"",
                "\"emailVerified\":true");

        TestApi.Response reset = api.header("X-Forwarded-For", "198.51.100.95")
                .post(UserFixtures.user(poolId, "resettable") + "/password-reset", null);

        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
        UserFixtures.awaitCode(outbox, "resettable@example.com", "RESET_PASSWORD");
    }

    @Test
    void noticesHaveBudgetsOfTheirOwnAndNeverHoldAChangeBack() {
        Pool pool = pool("Notices");
        for (int i = 0; i < 3; i++) {
            smsUser(api, pool.poolId(), "n" + i, "+1555555098" + i);
            SignInFixtures.preference(api, pool.poolId(), "n" + i, "{\"sms\":{\"enabled\":true,\"preferred\":true}}");
            sendCodes(pool, "n" + i, "+1555555098" + i, "198.51.100.10" + i, 4);
        }
        // the pool's code budget (12) is spent
        assertSpent(pool, "n0", "198.51.100.109", "this pool", "+15555550980", 4);

        TestApi.Response changed = api.put(RestFixtures.mfaConfigPath(pool.poolId()), "{\"mfaMode\":\"OPTIONAL\","
                + RestFixtures.TOTP_ON + "," + RestFixtures.SENDER + ",\"notifyUsers\":true}");

        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        // three users' sign-in changed; the pool's notice budget (2) told two of them
        assertThat(changed.json().path("notifiedUsers").asInt()).isEqualTo(2);
        ProjectionsCaughtUp.until(Duration.ofSeconds(10), () -> noticesSent(pool) == 2, () -> "two notices");
        assertThat(noticesSent(pool)).isEqualTo(2);
    }

    private long noticesSent(Pool pool) {
        return outbox.messages().stream().filter(m -> m.purpose().equals("mfa-changed")
                && m.destination().startsWith("+1555555098")).count();
    }

    @Test
    void theCountsOfWindowsThatEndedAreSweptAway() {
        String poolId = signUpPool("Swept");
        signUps(poolId, "swept", "+15555550600", "198.51.100.110", 1);
        long rows = jdbc.queryForObject("SELECT COUNT(*) FROM limit_counter", Long.class);
        assertThat(rows).as("the sign-up code's budgets are counted").isPositive();
        assertThat(counters.sweep(clock.instant())).as("no window has ended yet").isLessThan((int) rows);

        clock.advance(Duration.ofDays(2));
        counters.sweep(clock.instant());

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM limit_counter", Long.class)).isZero();
    }
}
