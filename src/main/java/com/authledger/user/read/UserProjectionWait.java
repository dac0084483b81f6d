package com.authledger.user.read;

import com.authledger.infra.ProjectionProgress;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Read-your-writes for the users' projection, for every adapter that changes a user and then answers from it: wait
 * (at most authledger.projections.write-wait) until the projection holds the user's latest event, or no longer
 * holds a deleted user.
 */
@Component
public class UserProjectionWait {

    private final UserQueries queries;
    private final ProjectionProgress progress;
    private final EventStore eventStore;
    private final Duration writeWait;

    public UserProjectionWait(UserQueries queries, ProjectionProgress progress, EventStore eventStore,
                              @Value("${authledger.projections.write-wait}") Duration writeWait) {
        this.queries = queries;
        this.progress = progress;
        this.eventStore = eventStore;
        this.writeWait = writeWait;
    }

    /** Until the projection holds the user's latest event. */
    public void awaitLatest(String sub) {
        eventStore.lastSequenceNumberFor(sub).ifPresent(last -> progress.await(
                UserMfaStatusProjection.PROCESSING_GROUP, sub, last, writeWait,
                () -> queries.version(sub) >= last));
    }

    /** After a deletion: until the projection no longer holds the user. */
    public void awaitRemoval(String sub) {
        eventStore.lastSequenceNumberFor(sub).ifPresent(last -> progress.await(
                UserMfaStatusProjection.PROCESSING_GROUP, sub, last, writeWait, () -> queries.version(sub) < 0));
    }
}
