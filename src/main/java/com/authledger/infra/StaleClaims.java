package com.authledger.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * On the embedded database this process is the only node, so a projection's claim on its progress that is held by
 * another owner was left by a previous process that did not stop cleanly (a crash, a kill). It is released at
 * start-up, before the projections start; otherwise the projection would stand still until Axon's claim timeout
 * (10 s), and every write in the meantime would wait for it in vain. On a shared database (PostgreSQL) the other
 * owner may be a running node, so claims there expire as Axon decides.
 */
@Configuration(proxyBeanMethods = false)
public class StaleClaims {

    private static final Logger log = LoggerFactory.getLogger(StaleClaims.class);

    /** The number of claims released (0 on a shared database). */
    public record Released(int claims) {
    }

    @Bean
    @DependsOn("flywayInitializer")
    Released staleClaimsReleased(JdbcTemplate jdbc, Environment environment) {
        if (!EmbeddedDatabase.isEmbedded(environment.getProperty("spring.datasource.url"))) {
            return new Released(0);
        }
        int released = jdbc.update("UPDATE token_entry SET owner = NULL WHERE owner IS NOT NULL");
        if (released > 0) {
            log.info("Released {} projection claims left by a process that did not stop cleanly", released);
        }
        return new Released(released);
    }
}
