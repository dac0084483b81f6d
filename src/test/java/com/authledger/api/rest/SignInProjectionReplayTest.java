package com.authledger.api.rest;

import com.authledger.signin.read.SignInStateProjection;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.ProjectionsCaughtUp;
import com.authledger.support.TestApi;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static com.authledger.api.rest.RestFixtures.assertProblem;
import static com.authledger.api.rest.SignInFixtures.challenge;
import static com.authledger.api.rest.SignInFixtures.confirmedUser;
import static com.authledger.api.rest.SignInFixtures.initiate;
import static com.authledger.api.rest.SignInFixtures.respond;
import static com.authledger.api.rest.SignInFixtures.tokens;
import static com.authledger.api.rest.SignInFixtures.totpCode;
import static com.authledger.api.rest.SignInFixtures.totpUser;
import static com.authledger.api.rest.SignInFixtures.wrongTotpCode;
import static com.authledger.api.rest.UserFixtures.PASSWORD;
import static com.authledger.api.rest.UserFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in read models (sign_in_challenge, auth_event and the names they use) are a pure function of the event
 * store: a replay of the sign-in-state processor rebuilds them exactly, and the endpoints answer as before.
 */
@IntegrationTest
class SignInProjectionReplayTest {

    private static final String PROCESSOR = SignInStateProjection.PROCESSING_GROUP;
    private static final String TOTP = "SOFTWARE_TOKEN_MFA";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    EventStore eventStore;

    @Test
    void replayRebuildsTheSignInProjectionsExactly() {
        TestApi api = TestApi.admin(port);
        String offPool = RestFixtures.createPool(api, RestFixtures.pool("Off", "OFF"));
        String offClient = SignInFixtures.client(api, offPool);
        confirmedUser(api, offPool, "olga");
        assertProblem(initiate(api, offPool, offClient, "olga", "Wrong-Password-1"), 400, "NotAuthorized");
        tokens(initiate(api, offPool, offClient, "olga", PASSWORD));
        confirmedUser(api, offPool, "gone");
        tokens(initiate(api, offPool, offClient, "gone", PASSWORD));
        assertProblem(initiate(api, offPool, offClient, "gone", "Wrong-Password-1"), 400, "NotAuthorized");
        assertThat(api.send("DELETE", user(offPool, "gone"), null, null).status()).isEqualTo(204);

        String mfaPool = UserFixtures.totpOnlyPool(api);
        String mfaClient = SignInFixtures.client(api, mfaPool);
        String tom = totpUser(api, clock, mfaPool, "tom");
        String rex = totpUser(api, clock, mfaPool, "rex");
        String eve = totpUser(api, clock, mfaPool, "eve");
        totpUser(api, clock, mfaPool, "ann");
        // tom: one wrong code, then the right one
        String session = challenge(initiate(api, mfaPool, mfaClient, "tom", PASSWORD), TOTP);
        respond(api, mfaPool, mfaClient, TOTP, session, code(wrongTotpCode(tom, clock)));
        tokens(respond(api, mfaPool, mfaClient, TOTP, session, code(totpCode(tom, clock))));
        // rex: three wrong codes
        session = challenge(initiate(api, mfaPool, mfaClient, "rex", PASSWORD), TOTP);
        for (int i = 0; i < 3; i++) {
            respond(api, mfaPool, mfaClient, TOTP, session, code(wrongTotpCode(rex, clock)));
        }
        // eve answers too late; ann never answers
        session = challenge(initiate(api, mfaPool, mfaClient, "eve", PASSWORD), TOTP);
        challenge(initiate(api, mfaPool, mfaClient, "ann", PASSWORD), TOTP);
        clock.advance(Duration.ofMinutes(4));
        assertProblem(respond(api, mfaPool, mfaClient, TOTP, session, code(totpCode(eve, clock))), 400,
                "SessionExpired");
        // one still active
        challenge(initiate(api, mfaPool, mfaClient, "tom", PASSWORD), TOTP);
        ProjectionsCaughtUp.await(processing, eventStore, PROCESSOR);

        Map<String, List<Map<String, Object>>> before = readModels();
        // gone's rows went with gone
        assertThat(before.get("sign_in_challenge")).hasSize(6);
        assertThat(before.get("auth_event")).hasSize(7);
        assertThat(before.get("sign_in_user")).hasSize(5);
        Map<String, String> answers = answers(api, offPool, mfaPool);

        jdbc.update("UPDATE sign_in_challenge SET outcome = 'SUCCEEDED', attempts_left = 3");
        jdbc.update("UPDATE auth_event SET event_response = 'Pass', challenge_responses = ''");
        jdbc.update("DELETE FROM sign_in_user");
        ProjectionsCaughtUp.replay(processing, eventStore, PROCESSOR, Duration.ofSeconds(60));

        Map<String, List<Map<String, Object>>> after = readModels();
        for (String table : before.keySet()) {
            assertThat(after.get(table)).as(table).containsExactlyElementsOf(before.get(table));
        }
        assertThat(answers(api, offPool, mfaPool)).isEqualTo(answers);
    }

    private static String code(String code) {
        return "{\"SOFTWARE_TOKEN_MFA_CODE\":\"" + code + "\"}";
    }

    /** What the endpoints answer, in their order (listing positions may be renumbered, so no page tokens). */
    private static Map<String, String> answers(TestApi api, String offPool, String mfaPool) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (String[] u : new String[][]{{offPool, "olga"}, {mfaPool, "tom"}, {mfaPool, "rex"}, {mfaPool, "eve"},
                {mfaPool, "ann"}}) {
            answers.put(u[1], api.get(user(u[0], u[1]) + "/auth-events").body());
        }
        for (String status : List.of("active", "all")) {
            answers.put(status, api.get(RestFixtures.POOLS + "/" + mfaPool + "/challenges?status=" + status).body());
        }
        return answers;
    }

    private Map<String, List<Map<String, Object>>> readModels() {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        // listing_id is assigned by the database as rows are inserted: a replay renumbers it
        tables.put("sign_in_challenge", rows("SELECT * FROM sign_in_challenge ORDER BY listing_id"));
        tables.put("auth_event", rows("SELECT * FROM auth_event ORDER BY listing_id"));
        tables.put("sign_in_user", rows("SELECT * FROM sign_in_user ORDER BY sub"));
        return tables;
    }

    private List<Map<String, Object>> rows(String sql) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> row : jdbc.queryForList(sql)) {
            Map<String, Object> copy = new LinkedHashMap<>();
            row.forEach((column, value) -> copy.put(column.toLowerCase(Locale.ROOT), value));
            copy.remove("listing_id");
            rows.add(copy);
        }
        return rows;
    }
}
