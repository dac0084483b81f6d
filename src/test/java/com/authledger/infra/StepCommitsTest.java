package com.authledger.infra;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 17, amended: a unit of work that appends only events putting the next step of a sign-in commits without
 * waiting for the file; one other event, in any of its appends, makes the whole commit wait; the thread is as before
 * once the unit of work is cleaned up. (That an unflushed commit is not flushed: DurableDataSourceTest.)
 */
class StepCommitsTest {

    private record Step(boolean onlyStep) implements StepEvent {
        @Override
        public boolean onlyPutsTheNextStep() {
            return onlyStep;
        }
    }

    private record Decision(String what) {
    }

    private static GenericEventMessage<Object> event(Object payload) {
        return new GenericEventMessage<>(payload);
    }

    @Test
    void onlyStepsStayUnflushedUntilTheUnitOfWorkIsCleanedUp() {
        UnitOfWork<?> work = DefaultUnitOfWork.startAndGet(null);
        SnapshotCheckingStorageEngine.appending(work, List.of(event(new Step(true)), event(new Step(true))));
        assertThat(UnflushedCommits.active()).isTrue();

        work.commit();
        assertThat(UnflushedCommits.active()).as("restored at cleanup").isFalse();
    }

    @Test
    void anyOtherEventInAnyAppendOfTheUnitOfWorkMakesItsCommitWait() {
        UnitOfWork<?> work = DefaultUnitOfWork.startAndGet(null);
        SnapshotCheckingStorageEngine.appending(work, List.of(event(new Step(true))));
        SnapshotCheckingStorageEngine.appending(work, List.of(event(new Decision("a code accepted"))));
        SnapshotCheckingStorageEngine.appending(work, List.of(event(new Step(true))));
        assertThat(UnflushedCommits.active()).isFalse();
        work.commit();

        UnitOfWork<?> again = DefaultUnitOfWork.startAndGet(null);
        SnapshotCheckingStorageEngine.appending(again, List.of(event(new Step(false))));
        assertThat(UnflushedCommits.active()).as("a value its type says is more than a step").isFalse();
        again.rollback();
        assertThat(UnflushedCommits.active()).isFalse();
    }

    @Test
    void aThreadAlreadyUnflushedStaysSoAfterTheUnitOfWork() {
        UnflushedCommits.run(() -> {
            UnitOfWork<?> work = DefaultUnitOfWork.startAndGet(null);
            SnapshotCheckingStorageEngine.appending(work, List.of(event(new Decision("tokens"))));
            assertThat(UnflushedCommits.active()).isFalse();
            work.commit();
            assertThat(UnflushedCommits.active()).isTrue();
            return null;
        });
    }
}
