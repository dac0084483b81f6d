package com.authledger.api.rest;

import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static com.authledger.api.rest.RestFixtures.assertProblem;
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
 * The sign-in lockout through the API: five failed steps (wrong passwords and wrong MFA codes alike), then each
 * further attempt waits 2^(n-5) seconds, even with the right password; a completed sign-in resets the count, a right
 * password alone does not; a name that matches no user locks out the same way. The rule's arithmetic up to its cap is
 * {@link com.authledger.user.LockoutTest}'s.
 */
@IntegrationTest
class SignInLockoutTest {

    private static final String WRONG = "Wrong-Password-1";

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    TestApi api;
    String offPool;
    String offClient;

    @BeforeEach
    void setUp() {
        api = TestApi.admin(port);
        if (offPool == null) {
            offPool = SignInFixtures.pool(api, "Lockout off", "OFF");
            offClient = SignInFixtures.client(api, offPool);
        }
    }

    private TestApi.Response signIn(String username, String password) {
        return initiate(api, offPool, offClient, username, password);
    }

    private void failPasswords(String username, int times) {
        for (int i = 0; i < times; i++) {
            assertProblem(signIn(username, WRONG), 400, "NotAuthorized");
        }
    }

    private static void assertLocked(TestApi.Response response) {
        JsonNode problem = assertProblem(response, 429, "PasswordAttemptsExceeded");
        assertThat(problem.path("detail").asText()).isEqualTo("Password attempts exceeded");
    }

    @Test
    void fiveWrongPasswordsRefuseEvenTheRightOneForASecond() {
        confirmedUser(api, offPool, "lena");
        failPasswords("lena", 5);

        assertLocked(signIn("lena", PASSWORD));
        assertLocked(signIn("lena", WRONG));
        clock.advance(Duration.ofMillis(999));
        assertLocked(signIn("lena", PASSWORD));
        clock.advance(Duration.ofMillis(1));
        tokens(signIn("lena", PASSWORD));
    }

    @Test
    void theSixthFailureWaitsTwoSeconds() {
        confirmedUser(api, offPool, "max");
        failPasswords("max", 5);
        clock.advance(Duration.ofSeconds(1));
        assertProblem(signIn("max", WRONG), 400, "NotAuthorized");

        clock.advance(Duration.ofMillis(1999));
        assertLocked(signIn("max", PASSWORD));
        clock.advance(Duration.ofMillis(1));
        tokens(signIn("max", PASSWORD));
    }

    @Test
    void theWaitDoublesUpToFifteenMinutes() {
        confirmedUser(api, offPool, "cap");
        failPasswords("cap", 5);
        for (int n = 6; n <= 15; n++) {
            clock.advance(Duration.ofSeconds(1L << (n - 6)));
            assertProblem(signIn("cap", WRONG), 400, "NotAuthorized");
        }
        // 15 failures: 2^10 s is past the cap of 15 minutes
        clock.advance(Duration.ofMinutes(15).minusSeconds(1));
        assertLocked(signIn("cap", PASSWORD));
        clock.advance(Duration.ofSeconds(1));
        tokens(signIn("cap", PASSWORD));
    }

    @Test
    void aCompletedSignInResetsTheCount() {
        confirmedUser(api, offPool, "rick");
        failPasswords("rick", 4);
        tokens(signIn("rick", PASSWORD));
        failPasswords("rick", 4);
        tokens(signIn("rick", PASSWORD));
    }

    @Test
    void wrongMfaCodesCountAndARightPasswordAloneDoesNotReset() {
        String poolId = UserFixtures.totpOnlyPool(api);
        String clientId = SignInFixtures.client(api, poolId);
        confirmedUser(api, poolId, "mia");
        String secret = enrolTotp(api, clock, poolId, "mia");
        String wrongCode = UserFixtures.wrong(totpCode(clock, secret));

        for (int i = 0; i < 3; i++) {
            assertProblem(initiate(api, poolId, clientId, "mia", WRONG), 400, "NotAuthorized");
        }
        // the right password leads to the challenge, but the count stands
        String session = challenge(initiate(api, poolId, clientId, "mia", PASSWORD), "SOFTWARE_TOKEN_MFA");
        assertProblem(respond(api, poolId, clientId, "SOFTWARE_TOKEN_MFA", session, totpAnswer(wrongCode)), 400,
                "CodeMismatch");
        String other = challenge(initiate(api, poolId, clientId, "mia", PASSWORD), "SOFTWARE_TOKEN_MFA");
        assertProblem(respond(api, poolId, clientId, "SOFTWARE_TOKEN_MFA", other, totpAnswer(wrongCode)), 400,
                "CodeMismatch");

        // five failures (three passwords, two codes): the right password and the right code are refused for now
        assertLocked(initiate(api, poolId, clientId, "mia", PASSWORD));
        assertLocked(respond(api, poolId, clientId, "SOFTWARE_TOKEN_MFA", session,
                totpAnswer(totpCode(clock, secret))));
        clock.advance(Duration.ofSeconds(1));
        String after = challenge(initiate(api, poolId, clientId, "mia", PASSWORD), "SOFTWARE_TOKEN_MFA");
        tokens(respond(api, poolId, clientId, "SOFTWARE_TOKEN_MFA", after, totpAnswer(totpCode(clock, secret))));
        // and the completed sign-in reset the count
        for (int i = 0; i < 4; i++) {
            assertProblem(initiate(api, poolId, clientId, "mia", WRONG), 400, "NotAuthorized");
        }
        challenge(initiate(api, poolId, clientId, "mia", PASSWORD), "SOFTWARE_TOKEN_MFA");
    }

    /**
     * A burst of concurrent guesses must not tell a user from a name nobody has: a user's attempts are serialized by
     * its aggregate, so exactly five are counted and the rest refused as locked out; an unknown name must give the
     * same answers.
     */
    @Test
    void concurrentGuessesAtAnUnknownNameLockOutLikeAtAUser() throws Exception {
        confirmedUser(api, offPool, "busy");
        Map<Integer, Long> known = burst("busy", 10);
        Map<Integer, Long> unknown = burst("phantom", 10);

        assertThat(known).as("a user: five counted failures, then locked").isEqualTo(Map.of(400, 5L, 429, 5L));
        assertThat(unknown).as("an unknown name answers the same").isEqualTo(known);
    }

    /** {@code attempts} wrong passwords for one name at once; the count of answers per HTTP status. */
    private Map<Integer, Long> burst(String username, int attempts) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(attempts);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<TestApi.Response>> futures = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                futures.add(threads.submit(() -> {
                    go.await();
                    return signIn(username, WRONG);
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<TestApi.Response> future : futures) {
                statuses.add(future.get(30, TimeUnit.SECONDS).status());
            }
            return statuses.stream().collect(Collectors.groupingBy(status -> status, Collectors.counting()));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void anUnknownNameLocksOutLikeAUserWithTheSameAnswers() {
        confirmedUser(api, offPool, "known");
        for (int i = 1; i <= 5; i++) {
            JsonNode known = assertProblem(signIn("known", WRONG), 400, "NotAuthorized");
            JsonNode unknown = assertProblem(signIn("ghost", WRONG), 400, "NotAuthorized");
            assertThat(unknown.path("detail").asText()).isEqualTo(known.path("detail").asText());
        }
        TestApi.Response known = signIn("known", WRONG);
        TestApi.Response unknown = signIn("ghost", WRONG);
        assertLocked(known);
        assertLocked(unknown);
        assertThat(unknown.json().path("detail")).isEqualTo(known.json().path("detail"));

        // the name is locked whatever its case, as usernames are
        assertLocked(signIn("GHOST", WRONG));
        clock.advance(Duration.ofSeconds(1));
        assertProblem(signIn("known", WRONG), 400, "NotAuthorized");
        assertProblem(signIn("ghost", WRONG), 400, "NotAuthorized");
        clock.advance(Duration.ofMillis(1999));
        assertLocked(signIn("known", PASSWORD));
        assertLocked(signIn("ghost", PASSWORD));
    }
}
