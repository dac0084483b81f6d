package com.authledger.infra;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

import java.util.Optional;

/**
 * Axon's JDBC engine, but a snapshot is deserialised when it is read rather than when the aggregate first touches
 * it: a snapshot that fails to load ({@link CompleteSnapshots}) then fails inside the event store's read, which logs
 * it and rebuilds the aggregate from its events, instead of failing the command that loaded the aggregate.
 */
final class SnapshotCheckingStorageEngine extends JdbcEventStorageEngine {

    SnapshotCheckingStorageEngine(Builder builder) {
        super(builder);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        Optional<DomainEventMessage<?>> snapshot = super.readSnapshot(aggregateIdentifier);
        snapshot.ifPresent(DomainEventMessage::getPayload);
        return snapshot;
    }
}
