package com.authledger.api.rest;

import com.authledger.client.read.AppClientProjection;
import com.authledger.support.IntegrationTest;
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

import static com.authledger.api.rest.RestFixtures.POOLS;
import static com.authledger.api.rest.RestFixtures.TOTP_ON;
import static com.authledger.api.rest.RestFixtures.createPool;
import static com.authledger.api.rest.RestFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;

/** The app_client table is a pure function of the event store: a replay rebuilds it identically. */
@IntegrationTest
class AppClientProjectionReplayTest {

    private static final String PROCESSOR = AppClientProjection.PROCESSING_GROUP;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    EventStore eventStore;

    @Test
    void replayRebuildsTheClientsIdentically() {
        TestApi api = TestApi.admin(port);
        String clients = POOLS + "/" + createPool(api, pool("Replay pool", "OPTIONAL", TOTP_ON)) + "/clients";
        String kept = api.post(clients, "{\"name\":\"kept\",\"generateSecret\":true}").json().path("clientId").asText();
        api.put(clients + "/" + kept, "{\"name\":\"kept\",\"accessTokenValidityMinutes\":20}");
        api.post(clients, "{\"name\":\"public\",\"explicitAuthFlows\":[]}");
        String gone = api.post(clients, "{\"name\":\"gone\",\"generateSecret\":true}").json().path("clientId").asText();
        assertThat(api.send("DELETE", clients + "/" + gone, null, null).status()).isEqualTo(204);
        ProjectionsCaughtUp.await(processing, eventStore, PROCESSOR);
        List<Map<String, Object>> before = rows();
        assertThat(before).hasSize(2);
        String secret = api.get(clients + "/" + kept).json().path("clientSecret").asText();

        jdbc.update("UPDATE app_client SET name = 'tampered'");
        ProjectionsCaughtUp.replay(processing, eventStore, PROCESSOR, Duration.ofSeconds(60));

        assertThat(rows()).containsExactlyElementsOf(before);
        assertThat(api.get(clients + "/" + kept).json().path("clientSecret").asText()).isEqualTo(secret);
    }

    private List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> row : jdbc.queryForList("SELECT * FROM app_client ORDER BY client_id")) {
            Map<String, Object> copy = new LinkedHashMap<>();
            row.forEach((column, value) -> copy.put(column.toLowerCase(Locale.ROOT), value));
            copy.remove("listing_id"); // assigned by the database as rows are inserted: a replay renumbers them
            rows.add(copy);
        }
        return rows;
    }
}
