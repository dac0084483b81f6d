package com.authledger.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Axon on the JDBC event storage engine, with Flyway owning the schema (see db/migration). Aggregates are cached
 * and snapshotted so that loading one costs the same after ten thousand changes as after ten; the cache entry is
 * dropped when a unit of work rolls back, so a node that lost an append race reloads from the store.
 */
@Configuration(proxyBeanMethods = false)
public class EventStorageConfiguration {

    @Bean
    public EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    @Bean
    public TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("time_stamp")
                .setOwnerColumn("owner")
                .build();
    }

    /**
     * Axon's JDBC engine, as its auto-configuration builds it, with the gap query of {@link GapBoundedEventQuery}, and
     * with snapshots in their strict form ({@link StoredForms#snapshotSerializer()}), checked as they are read
     * ({@link SnapshotCheckingStorageEngine}) and used only at their aggregate's {@code @Revision} (Axon's revision
     * filter, which the aggregate configuration derives from the annotation).
     */
    @Bean
    public EventStorageEngine eventStorageEngine(@Qualifier("eventSerializer") Serializer eventSerializer,
                                                 PersistenceExceptionResolver persistenceExceptionResolver,
                                                 org.axonframework.config.Configuration configuration,
                                                 ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager, EventSchema eventSchema) {
        return new SnapshotCheckingStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(StoredForms.snapshotSerializer())
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                .readEventDataWithGaps(new GapBoundedEventQuery()));
    }

    /** Events stored under a class name that has since moved: first of all upcasters. */
    @Bean
    public RenamedTypes renamedTypes() {
        return new RenamedTypes();
    }

    /** Events stored before event types carried a revision are revision 1: before every upcaster of a shape. */
    @Bean
    public LegacyRevisions legacyRevisions() {
        return new LegacyRevisions();
    }

    /**
     * Axon's JDBC components (event store, token store) take their connection as Spring's JdbcTemplate does: the
     * transaction's, which Spring alone returns to the pool when the transaction ends. Axon's default wraps this in a
     * unit-of-work-aware provider that closes the connection again when the unit of work cleans up, after Spring had
     * returned it: HikariCP keeps open statements per pooled connection, so that second close cleared the list of
     * whichever thread held the connection by then, which under load broke that thread's statement
     * ({@code ArrayIndexOutOfBoundsException} in {@code FastList.add}). Outside a transaction (the event store's
     * reader thread) each call takes and returns a connection of its own.
     */
    @Bean
    public ConnectionProvider connectionProvider(javax.sql.DataSource dataSource) {
        return new SpringDataSourceConnectionProvider(dataSource);
    }

    /** SQLSTATE 23505 is a unique violation on both H2 and PostgreSQL: two appends raced for one sequence number. */
    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver("23505");
    }

    /** The mapper for the events Axon stores, its tokens and its messages (see {@link StoredForms#objectMapper()}). */
    @Bean("defaultAxonObjectMapper")
    public ObjectMapper defaultAxonObjectMapper() {
        return StoredForms.objectMapper();
    }

    /**
     * On the embedded default one process owns the database, so a cached aggregate is always current. On a shared
     * database (PostgreSQL, N nodes) each use of a cached aggregate is first checked against the store
     * ({@link StoreVerifiedCache}); authledger.aggregate-cache.verify-against-store overrides the choice.
     */
    @Bean
    public Cache userPoolCache(ObjectProvider<EventStore> eventStore, Environment environment) {
        return aggregateCache(eventStore, environment);
    }

    @Bean
    public Cache userCache(ObjectProvider<EventStore> eventStore, Environment environment) {
        return aggregateCache(eventStore, environment);
    }

    /** A sign-in's next step usually comes within seconds: its session is answered from memory. */
    @Bean
    public Cache signInSessionCache(ObjectProvider<EventStore> eventStore, Environment environment) {
        return aggregateCache(eventStore, environment);
    }

    static Cache aggregateCache(ObjectProvider<EventStore> eventStore, Environment environment) {
        boolean embedded = EmbeddedDatabase.isEmbedded(environment.getProperty("spring.datasource.url"));
        boolean verify = environment.getProperty("authledger.aggregate-cache.verify-against-store", Boolean.class,
                !embedded);
        Cache cache = new BoundedAggregateCache(
                environment.getProperty("authledger.aggregate-cache.max-size", Long.class, 10_000L),
                environment.getProperty("authledger.aggregate-cache.expire-after-access", Duration.class,
                        Duration.ofMinutes(15)));
        return verify ? new StoreVerifiedCache(cache, eventStore) : cache;
    }

    @Bean
    public SnapshotTriggerDefinition userPoolSnapshotTrigger(
            Snapshotter snapshotter, @Value("${authledger.snapshot-threshold:100}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /**
     * Users are snapshotted more often than pools: their histories grow with every factor change (and sign-in),
     * and a user dropped from the aggregate cache is rebuilt from its latest snapshot on its next command.
     */
    @Bean
    public SnapshotTriggerDefinition userSnapshotTrigger(
            Snapshotter snapshotter, @Value("${authledger.user-snapshot-threshold:50}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }
}
