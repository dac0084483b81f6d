package com.authledger.api.rest;

import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static com.authledger.api.rest.RestFixtures.MARKER;
import static com.authledger.api.rest.RestFixtures.SENDER;
import static com.authledger.api.rest.RestFixtures.SMS_MESSAGE;
import static com.authledger.api.rest.RestFixtures.SMS_ON;
import static com.authledger.api.rest.RestFixtures.TOTP_ON;
import static com.authledger.api.rest.RestFixtures.assertProblem;
import static com.authledger.api.rest.RestFixtures.config;
import static com.authledger.api.rest.RestFixtures.createPool;
import static com.authledger.api.rest.RestFixtures.mfaConfigPath;
import static com.authledger.api.rest.RestFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;

/** What guards a write beyond the pool's rules: versions read back, the SMS template left out, instant ranges. */
@IntegrationTest
class WriteGuardsTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private TestApi admin;
    private String poolId;

    @BeforeEach
    void setUp() {
        admin = TestApi.admin(port);
        poolId = createPool(admin, pool("Guards", "OPTIONAL", TOTP_ON, SMS_ON, SENDER));
    }

    @Test
    void putWhenBodyCarriesAStaleVersionThenVersionMismatchAndNothingAppended() {
        JsonNode read = admin.get(mfaConfigPath(poolId)).json();
        assertThat(admin.put(mfaConfigPath(poolId), config("OPTIONAL", TOTP_ON, SENDER)).status()).isEqualTo(200);
        long events = new EventStoreProbe(jdbc).eventCount();

        TestApi.Response stale = admin.put(mfaConfigPath(poolId), read.toString());

        assertProblem(stale, 412, "VersionMismatch");
        assertThat(new EventStoreProbe(jdbc).eventCount()).isEqualTo(events);
    }

    @Test
    void putWhenBodyVersionAndIfMatchDisagreeThenInvalidParameter() {
        long events = new EventStoreProbe(jdbc).eventCount();
        TestApi.Response both = admin.header("If-Match", "\"0\"").put(mfaConfigPath(poolId),
                "{\"mfaMode\":\"OFF\",\"version\":1}");

        assertThat(assertProblem(both, 400, "InvalidParameter").path("detail").asText()).startsWith("version ");
        assertThat(new EventStoreProbe(jdbc).eventCount()).isEqualTo(events);
    }

    @Test
    void putWithoutAnSmsTemplateKeepsThePoolsTemplate() {
        TestApi.Response changed = admin.put(mfaConfigPath(poolId),
                config("OPTIONAL", TOTP_ON, "\"smsMfa\":{\"enabled\":false}", SENDER));

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().path("smsMfa").path("message").asText()).isEqualTo(SMS_MESSAGE);
        assertThat(admin.get(mfaConfigPath(poolId)).json().path("smsMfa").path("message").asText())
                .isEqualTo(SMS_MESSAGE);
    }

    @Test
    void asOfOutsideTheYears0001To9999ThenInvalidParameterWithoutEcho() {
        TestApi.Response far = admin.get(mfaConfigPath(poolId) + "?asOf=%2B99999-01-01T00:00:00Z");

        assertThat(assertProblem(far, 400, "InvalidParameter").path("detail").asText()).startsWith("asOf ");
        assertThat(far.body()).doesNotContain("99999");
        assertThat(admin.get("/api/v1/audit/mfa-config?from=%2B99999-01-01T00:00:00Z&x=" + MARKER).status())
                .isEqualTo(400);
    }
}
