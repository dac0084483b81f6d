package com.authledger.api.rest;

import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.TestApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static com.authledger.api.rest.SignInFixtures.challenge;
import static com.authledger.api.rest.SignInFixtures.confirmedUser;
import static com.authledger.api.rest.SignInFixtures.enrolTotp;
import static com.authledger.api.rest.SignInFixtures.initiate;
import static com.authledger.api.rest.SignInFixtures.respond;
import static com.authledger.api.rest.SignInFixtures.tokens;
import static com.authledger.api.rest.SignInFixtures.totpAnswer;
import static com.authledger.api.rest.SignInFixtures.totpCode;
import static com.authledger.api.rest.UserFixtures.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A TOTP code is accepted once per user, however many sign-ins present it at the same moment: the User aggregate's
 * last accepted time step decides, under its lock, so exactly one answer gets tokens. The others are told the code was
 * used ("Your software token has already been used once."); as failed steps they count towards the lockout, so once
 * five of them were counted the rest are refused as locked out. Never two sets of tokens.
 */
@IntegrationTest
class TotpReuseConcurrencyTest {

    private static final String USED_ONCE = "Your software token has already been used once.";

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    TestApi api;
    String poolId;
    String clientId;

    @BeforeEach
    void setUp() {
        api = TestApi.admin(port);
        if (poolId == null) {
            poolId = UserFixtures.totpOnlyPool(api);
            clientId = SignInFixtures.client(api, poolId);
        }
    }

    @Test
    void twoSessionsPresentingTheSameCodeGetOneSuccess() throws Exception {
        List<TestApi.Response> answers = race("duo", 2);

        assertThat(answers).filteredOn(r -> r.status() == 200).hasSize(1);
        TestApi.Response refused = answers.stream().filter(r -> r.status() != 200).findFirst().orElseThrow();
        assertThat(refused.code()).as(refused.toString()).isEqualTo("ExpiredCode");
        assertThat(refused.json().path("detail").asText()).isEqualTo(USED_ONCE);
    }

    @Test
    void sixteenSessionsPresentingTheSameCodeGetOneSuccess() throws Exception {
        List<TestApi.Response> answers = race("many", 16);

        List<TestApi.Response> successes = answers.stream().filter(r -> r.status() == 200).toList();
        assertThat(successes).as(answers.toString()).hasSize(1);
        tokens(successes.get(0));
        Map<String, Long> refusals = answers.stream().filter(r -> r.status() != 200)
                .collect(Collectors.groupingBy(TestApi.Response::code, Collectors.counting()));
        assertThat(refusals.keySet()).as(answers.toString())
                .isSubsetOf("ExpiredCode", "PasswordAttemptsExceeded", "ConcurrentModification");
        assertThat(refusals.get("ExpiredCode")).as("the first refusals say why").isGreaterThanOrEqualTo(5);
        assertThat(refusals.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(15);
        answers.stream().filter(r -> "ExpiredCode".equals(r.code()))
                .forEach(r -> assertThat(r.json().path("detail").asText()).isEqualTo(USED_ONCE));
    }

    /** {@code sessions} sign-ins of one new user, then all answer with the same code at once. */
    private List<TestApi.Response> race(String username, int sessions) throws Exception {
        confirmedUser(api, poolId, username);
        String secret = enrolTotp(api, clock, poolId, username);
        List<String> started = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            started.add(challenge(initiate(api, poolId, clientId, username, PASSWORD), "SOFTWARE_TOKEN_MFA"));
        }
        String code = totpCode(clock, secret);

        ExecutorService threads = Executors.newFixedThreadPool(sessions);
        try {
            CountDownLatch ready = new CountDownLatch(sessions);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<TestApi.Response>> futures = new ArrayList<>();
            for (String session : started) {
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return respond(api, poolId, clientId, "SOFTWARE_TOKEN_MFA", session, totpAnswer(code));
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<TestApi.Response> answers = new ArrayList<>();
            for (Future<TestApi.Response> future : futures) {
                answers.add(future.get(30, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }
}
