package com.authledger.infra;

import com.authledger.support.IntegrationTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The service's data source is the durable one, and its projections commit through {@link ProjectionTransactions}. */
@IntegrationTest
class DurableCommitsWiringTest {

    @Autowired
    DataSource dataSource;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    DurableCommits.Found found;

    @Test
    void everyConnectionOfTheServiceComesThroughTheDurableSource() {
        assertThat(dataSource).isInstanceOf(DurableDataSource.class);
        assertThat(found.description()).isEqualTo("H2 (in memory): nothing to write");
    }

    @Test
    void everyProjectionCommitsWithoutWaitingForTheFile() {
        assertThat(processing.eventProcessors()).isNotEmpty();
        assertThat(processing.eventProcessors().keySet()).allSatisfy(name ->
                assertThat(processing.transactionManager(name)).as(name).isInstanceOf(ProjectionTransactions.class));
    }
}
