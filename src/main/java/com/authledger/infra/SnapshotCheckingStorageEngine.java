package com.authledger.infra;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.List;
import java.util.Optional;

/**
 * Axon's JDBC engine, but a snapshot is deserialised when it is read rather than when the aggregate first touches
 * it: a snapshot that fails to load ({@link CompleteSnapshots}) then fails inside the event store's read, which logs
 * it and rebuilds the aggregate from its events, instead of failing the command that loaded the aggregate.
 *
 * <p>Its appends also decide whether their transaction waits for the database file: not when everything its unit of
 * work appends is a {@link StepEvent} that only puts the next step of a sign-in (every append of the unit of work
 * counts, nested ones included, so that one other event makes the whole commit wait).
 */
final class SnapshotCheckingStorageEngine extends JdbcEventStorageEngine {

    SnapshotCheckingStorageEngine(Builder builder) {
        super(builder);
    }

    private static final String ONLY_STEPS = SnapshotCheckingStorageEngine.class.getName() + ".onlySteps";

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        if (CurrentUnitOfWork.isStarted()) {
            appending(CurrentUnitOfWork.get().root(), events);
        }
        super.appendEvents(events);
    }

    /**
     * Whether the commit of {@code root} waits for the file, once it appends {@code events} too: not while all it
     * appended only puts the next step of a sign-in.
     */
    static void appending(UnitOfWork<?> root, List<? extends EventMessage<?>> events) {
        if (events.isEmpty()) {
            return;
        }
        boolean steps = events.stream().allMatch(event -> event.getPayload() instanceof StepEvent step
                && step.onlyPutsTheNextStep());
        Boolean before = root.getResource(ONLY_STEPS);
        boolean onlySteps = (before == null || before) && steps;
        root.resources().put(ONLY_STEPS, onlySteps);
        UnflushedCommits.untilCleanup(root, onlySteps);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        Optional<DomainEventMessage<?>> snapshot = super.readSnapshot(aggregateIdentifier);
        snapshot.ifPresent(DomainEventMessage::getPayload);
        return snapshot;
    }
}
