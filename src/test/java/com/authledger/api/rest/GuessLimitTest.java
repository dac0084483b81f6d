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
import static com.authledger.api.rest.UserFixtures.PASSWORD;
import static com.authledger.api.rest.UserFixtures.awaitCode;
import static com.authledger.api.rest.UserFixtures.wrong;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits on wrong guesses per end user's address and per pool (low ones here, for this class alone). Past one,
 * the guess is refused with TooManyRequests (429, Retry-After) before it is tried, even a right one, and nothing is
 * recorded; another address is not held back. Each test starts in fresh windows (the clock moves on a day).
 */
@IntegrationTest
@TestPropertySource(properties = {
        "authledger.guess-limits.codes-per-source-hour=3",
        "authledger.guess-limits.codes-per-source-day=5",
        "authledger.guess-limits.codes-per-pool-hour=6",
        "authledger.guess-limits.guarded-codes-per-source-day=1",
        "authledger.guess-limits.passwords-per-source-hour=4",
        "authledger.guess-limits.passwords-per-source-day=6",
})
class GuessLimitTest {

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
        clock.advance(Duration.ofDays(1));
    }

    private TestApi.Response confirmReset(String poolId, String username, String code, String ip) {
        return api.post(RestFixtures.POOLS + "/" + poolId + "/confirm-forgot-password", "{\"username\":\"" + username
                + "\",\"code\":\"" + code + "\",\"password\":\"Brand-New-Pass-8\",\"context\":{\"ipAddress\":\""
                + ip + "\"}}");
    }

    private String resetCode(String poolId, String username, String phone) {
        UserFixtures.userWithVerifiedPhone(api, outbox, poolId, username, phone);
        assertThat(api.post(RestFixtures.POOLS + "/" + poolId + "/forgot-password", "{\"username\":\"" + username
                + "\",\"context\":{\"ipAddress\":\"198.51.100.250\"}}").status()).isEqualTo(202);
        return awaitCode(outbox, phone, "RESET_PASSWORD");
    }

    /** Refused before the guess is tried: TooManyRequests with Retry-After, nothing recorded. */
    private void assertLimited(TestApi.Response response, long eventsBefore, String what) {
        JsonNode problem = assertProblem(response, 429, "TooManyRequests");
        assertThat(problem.path("detail").asText()).contains("Too many wrong " + what + " from this address");
        assertThat(Long.parseLong(response.header("Retry-After"))).isBetween(1L, 86_400L);
        assertThat(events.eventCount()).as("nothing recorded").isEqualTo(eventsBefore);
    }

    @Test
    void resetCodesGuessedFromOneAddressAcrossUsersAreRefusedPastItsLimit() {
        String poolId = UserFixtures.smsAndTotpPool(api);
        String ann = resetCode(poolId, "ann", "+15555550710");
        String ben = resetCode(poolId, "ben", "+15555550711");
        String ip = "198.51.100.71";

        // wrong codes for two users and a name that matches no one: three wrong guesses from one address
        assertProblem(confirmReset(poolId, "ann", wrong(ann), ip), 400, "CodeMismatch");
        assertProblem(confirmReset(poolId, "ben", wrong(ben), ip), 400, "CodeMismatch");
        assertProblem(confirmReset(poolId, "nobody-by-this-name", "123456", ip), 400, "CodeMismatch");
        long before = events.eventCount();

        // the fourth, even right, is not tried
        assertLimited(confirmReset(poolId, "ann", ann, ip), before, "codes");
        assertLimited(confirmReset(poolId, "nobody-by-this-name", "123456", ip), before, "codes");
        // the same address written another way is the same address
        assertLimited(confirmReset(poolId, "ann", ann, "::ffff:198.51.100.71"), before, "codes");

        // another address is not held back, and a right code counts nothing
        assertThat(confirmReset(poolId, "ben", ben, "198.51.100.72").status()).isEqualTo(204);
        // past the hour the address's guesses are tried again (the code has expired meanwhile), up to its day's 5
        clock.advance(Duration.ofHours(1));
        assertProblem(confirmReset(poolId, "ann", ann, ip), 400, "CodeMismatch");
        assertProblem(confirmReset(poolId, "ann", ann, ip), 400, "CodeMismatch");
        assertLimited(confirmReset(poolId, "ann", ann, ip), events.eventCount(), "codes");
    }

    @Test
    void wrongPasswordsFromOneAddressAcrossUsersAreRefusedPastItsLimit() {
        String poolId = SignInFixtures.pool(api, "Passwords", "OFF");
        String clientId = SignInFixtures.client(api, poolId);
        for (int i = 0; i < 4; i++) {
            SignInFixtures.confirmedUser(api, poolId, "pw" + i);
        }
        String ip = "198.51.100.73";
        // one wrong password per user (no user's own lockout is near), and an unknown name
        for (int i = 0; i < 3; i++) {
            assertProblem(SignInFixtures.initiate(api, poolId, clientId, "pw" + i, "Wrong-Pass-123", ip), 400,
                    "NotAuthorized");
        }
        assertProblem(SignInFixtures.initiate(api, poolId, clientId, "nobody-here", "Wrong-Pass-123", ip), 400,
                "NotAuthorized");
        long before = events.eventCount();

        assertLimited(SignInFixtures.initiate(api, poolId, clientId, "pw3", PASSWORD, ip), before, "passwords");

        SignInFixtures.tokens(SignInFixtures.initiate(api, poolId, clientId, "pw3", PASSWORD, "198.51.100.74"));
    }

    @Test
    void totpCodesGuessedInSignInsFromOneAddressAreRefusedPastItsLimit() {
        String poolId = SignInFixtures.pool(api, "Codes", "OPTIONAL", RestFixtures.TOTP_ON);
        String clientId = SignInFixtures.client(api, poolId);
        String secret = SignInFixtures.totpUser(api, clock, poolId, "tina");
        String ip = "198.51.100.75";
        for (int i = 0; i < 3; i++) {
            String session = SignInFixtures.challenge(SignInFixtures.initiate(api, poolId, clientId, "tina", PASSWORD,
                    ip), "SOFTWARE_TOKEN_MFA");
            assertProblem(SignInFixtures.respondFrom(api, poolId, clientId, "SOFTWARE_TOKEN_MFA", session,
                    SignInFixtures.totpAnswer(SignInFixtures.wrongTotpCode(secret, clock)), ip), 400, "CodeMismatch");
        }
        String session = SignInFixtures.challenge(SignInFixtures.initiate(api, poolId, clientId, "tina", PASSWORD,
                ip), "SOFTWARE_TOKEN_MFA");
        long before = events.eventCount();

        assertLimited(SignInFixtures.respondFrom(api, poolId, clientId, "SOFTWARE_TOKEN_MFA", session,
                SignInFixtures.totpAnswer(SignInFixtures.totpCode(clock, secret)), ip), before, "codes");

        // the session was not spent by the refusal: the user answers it from their own address
        SignInFixtures.tokens(SignInFixtures.respondFrom(api, poolId, clientId, "SOFTWARE_TOKEN_MFA", session,
                SignInFixtures.totpAnswer(SignInFixtures.totpCode(clock, secret)), "198.51.100.76"));
    }

    @Test
    void aGuardedPoolRefusesOnlyAddressesThatAlreadyFailed() {
        String poolId = UserFixtures.smsAndTotpPool(api);
        String cid = resetCode(poolId, "cid", "+15555550720");
        String dot = resetCode(poolId, "dot", "+15555550721");
        // six addresses, one wrong code each: the pool's hourly limit (6) is reached, and it is guarded
        for (int i = 0; i < 6; i++) {
            assertProblem(confirmReset(poolId, "cid", wrong(cid), "203.0.113.1" + i), 400, "CodeMismatch");
        }
        long before = events.eventCount();

        // an address that failed today (1, the guarded limit) is refused, though under its own limit (3 an hour)
        assertLimited(confirmReset(poolId, "dot", dot, "203.0.113.10"), before, "codes");
        // an address with a clean record, the pool's user, goes on
        assertThat(confirmReset(poolId, "dot", dot, "203.0.113.99").status()).isEqualTo(204);
    }

    @Test
    void codesGuessedWithAnAccessTokenAreRefusedPastTheAddressLimit() {
        String poolId = UserFixtures.smsAndTotpPool(api);
        String clientId = SignInFixtures.client(api, poolId);
        SignInFixtures.confirmedUser(api, poolId, "meg", "\"email\":\"meg@example.com\"");
        String accessToken = SignInFixtures.tokens(SignInFixtures.initiate(api, poolId, clientId, "meg", PASSWORD))
                .path("accessToken").asText();
        TestApi me = TestApi.withKey(port, accessToken).header("X-Forwarded-For", "198.51.100.77");
        assertThat(me.post("/api/v1/me/attribute-verification-code", "{\"attribute\":\"email\"}").status())
                .isEqualTo(200);
        String code = awaitCode(outbox, "meg@example.com", "VERIFY_EMAIL");
        for (int i = 0; i < 3; i++) {
            assertProblem(me.post("/api/v1/me/verify-attribute", "{\"attribute\":\"email\",\"code\":\""
                    + wrong(code) + "\"}"), 400, "CodeMismatch");
        }
        long before = events.eventCount();

        assertLimited(me.post("/api/v1/me/verify-attribute", "{\"attribute\":\"email\",\"code\":\"" + code
                + "\"}"), before, "codes");

        assertThat(TestApi.withKey(port, accessToken).header("X-Forwarded-For", "198.51.100.78")
                .post("/api/v1/me/verify-attribute", "{\"attribute\":\"email\",\"code\":\"" + code + "\"}")
                .status()).isEqualTo(200);
    }
}
