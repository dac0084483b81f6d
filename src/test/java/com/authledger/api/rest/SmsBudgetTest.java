package com.authledger.api.rest;

import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;

import static com.authledger.api.rest.RestFixtures.assertProblem;
import static com.authledger.api.rest.SignInFixtures.challenge;
import static com.authledger.api.rest.SignInFixtures.initiate;
import static com.authledger.api.rest.SignInFixtures.smsCode;
import static com.authledger.api.rest.SignInFixtures.smsCount;
import static com.authledger.api.rest.SignInFixtures.smsUser;
import static com.authledger.api.rest.UserFixtures.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SMS budgets of sign-in codes: per user (the default, 5 per 15 minutes), per source IP, per pool and for the
 * whole service (small limits here, set for this class alone). Past any of them the sign-in is refused with
 * LimitExceeded, no text is sent and nothing is recorded. Each test starts in fresh budget windows (the clock moves
 * on an hour), and uses numbers, users and pools of its own.
 */
@IntegrationTest
@TestPropertySource(properties = {
        "authledger.sms-budget.per-ip=8",
        "authledger.sms-budget.per-pool=12",
        "authledger.sms-budget.global-per-hour=20",
})
class SmsBudgetTest {

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
        JsonNode problem = assertProblem(signIn(pool, username, ip), 429, "LimitExceeded");
        assertThat(problem.path("detail").asText()).contains("The SMS budget of " + whose);
        assertThat(events.eventCount()).isEqualTo(before);
        assertThat(smsCount(outbox, phone)).as("no text past the budget").isEqualTo(sent);
        return problem;
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

        assertSpent(pool, "bob", ip, "this source IP address", "+15555550512", 3);
        // the same address written another way is the same address
        assertSpent(pool, "bob", "::ffff:198.51.100.10", "this source IP address", "+15555550512", 3);
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
}
