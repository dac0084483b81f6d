package com.authledger.infra;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.env.MockEnvironment;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Claims left by a killed process are released at start-up on the embedded database, and only there. */
class StaleClaimsTest {

    private final JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(
            "jdbc:h2:mem:claims-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""));

    @BeforeEach
    void aClaimOfAProcessThatWasKilled() {
        jdbc.execute("CREATE TABLE token_entry (processor_name VARCHAR(255), segment INT, owner VARCHAR(255))");
        jdbc.update("INSERT INTO token_entry VALUES ('pool-mfa-config', 0, '4242@killed-node')");
        jdbc.update("INSERT INTO token_entry VALUES ('sign-in-state', 0, NULL)");
    }

    private StaleClaims.Released startWith(String url) {
        return new StaleClaims().staleClaimsReleased(jdbc,
                new MockEnvironment().withProperty("spring.datasource.url", url));
    }

    @Test
    void onTheEmbeddedDatabaseEveryClaimIsReleased() {
        assertThat(startWith("jdbc:h2:file:./data/authledger").claims()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM token_entry WHERE owner IS NOT NULL", Integer.class))
                .isZero();
    }

    @Test
    void onASharedDatabaseAnotherNodesClaimIsLeftToExpire() {
        assertThat(startWith("jdbc:postgresql://db/authledger").claims()).isZero();
        assertThat(jdbc.queryForObject("SELECT owner FROM token_entry WHERE processor_name = 'pool-mfa-config'",
                String.class)).isEqualTo("4242@killed-node");
    }
}
