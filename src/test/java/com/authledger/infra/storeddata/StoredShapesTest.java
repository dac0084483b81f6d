package com.authledger.infra.storeddata;

import com.authledger.infra.StoredForms;
import com.authledger.user.User;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.DynamicTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The revision rule, checked without a database (ADR 18): every stored type carries a revision, and what this version
 * writes for a type is exactly the fixture of its current revision. A shape changed without a new revision fails
 * here, before it could reach a store; a new revision fails here until its fixture is written (see
 * {@link Fixtures#main}) and its upcaster exists.
 */
class StoredShapesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Serializer events = StoredForms.eventSerializer();
    private final Serializer snapshots = StoredForms.snapshotSerializer();

    @Test
    void everyEventTypeAndEveryAggregateCarriesARevision() {
        assertThat(Fixtures.eventTypes()).hasSizeGreaterThanOrEqualTo(40)
                .allSatisfy(type -> assertThat(type.getAnnotation(Revision.class))
                        .as("@Revision on %s", type.getName()).isNotNull());
        assertThat(Fixtures.AGGREGATES).allSatisfy(type -> assertThat(type.getAnnotation(Revision.class))
                .as("@Revision on %s (its snapshots)", type.getName()).isNotNull());
    }

    @TestFactory
    Stream<DynamicTest> eachEventTypeWritesExactlyTheFixtureOfItsRevision() {
        return Fixtures.eventTypes().stream().map(type -> DynamicTest.dynamicTest(type.getSimpleName(), () -> {
            String revision = Fixtures.revisionOf(type);
            JsonNode fixture = Fixtures.read(Fixtures.eventFile(type.getName(), revision));
            assertThat(fixture).as("no fixture of %s at revision %s: run Fixtures.main", type.getName(), revision)
                    .isNotNull();
            SerializedObject<byte[]> written = events.serialize(Samples.of(type), byte[].class);
            assertThat(JSON.readTree(written.getData()))
                    .as("%s writes another shape than its revision %s stored: a changed shape needs a new "
                            + "@Revision, an upcaster from the old one and a fixture (ADR 18)", type.getName(), revision)
                    .isEqualTo(fixture.path("payload"));
            assertThat(written.getType().getRevision()).isEqualTo(revision);
        }));
    }

    @TestFactory
    Stream<DynamicTest> eachAggregateSnapshotsExactlyTheFixtureOfItsRevision() {
        return Fixtures.AGGREGATES.stream().map(type -> DynamicTest.dynamicTest(type.getSimpleName(), () -> {
            String revision = Fixtures.snapshotRevisionOf(type);
            JsonNode fixture = Fixtures.read(Fixtures.snapshotFile(type.getSimpleName(), revision));
            assertThat(fixture).as("no snapshot fixture of %s at revision %s: run Fixtures.main", type, revision)
                    .isNotNull();
            Object state = Fixtures.fold(type, Fixtures.idOf(type), Fixtures.streamOf(type));
            SerializedObject<byte[]> written = snapshots.serialize(state, byte[].class);
            assertThat(JSON.readTree(written.getData()))
                    .as("%s's state has another shape than its snapshot revision %s: a changed state needs a new "
                            + "@Revision on the aggregate and a fixture (ADR 18)", type.getName(), revision)
                    .isEqualTo(fixture.path("payload"));
            assertThat(written.getType().getRevision()).isEqualTo(revision);
        }));
    }

    @Nested
    class SnapshotsAreReadOnlyWhenComplete {

        private SimpleSerializedObject<byte[]> userSnapshot(JsonNode payload) throws IOException {
            return new SimpleSerializedObject<>(JSON.writeValueAsBytes(payload), byte[].class, User.class.getName(),
                    Fixtures.snapshotRevisionOf(User.class));
        }

        private ObjectNode currentUserSnapshot() {
            return (ObjectNode) Fixtures.read(Fixtures.snapshotFile("User", Fixtures.snapshotRevisionOf(User.class)))
                    .path("payload").deepCopy();
        }

        @Test
        void aCompleteSnapshotLoads() throws IOException {
            User user = snapshots.deserialize(userSnapshot(currentUserSnapshot()));

            assertThat(JSON.readTree(snapshots.serialize(user, byte[].class).getData()))
                    .isEqualTo(currentUserSnapshot());
        }

        @Test
        void aSnapshotWithAnUnknownFieldIsRefused() throws IOException {
            ObjectNode payload = currentUserSnapshot();
            payload.put("lockedUntil", "2026-12-01T00:00:00Z");

            assertThatThrownBy(() -> snapshots.deserialize(userSnapshot(payload)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("unknown [lockedUntil]");
        }

        @Test
        void aSnapshotWithoutAFieldIsRefusedRatherThanDefaulted() throws IOException {
            ObjectNode payload = currentUserSnapshot();
            payload.remove("lockout");

            assertThatThrownBy(() -> snapshots.deserialize(userSnapshot(payload)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("missing [lockout]");
        }

        @Test
        void aSnapshotWithoutAFieldOfANestedValueIsRefused() throws IOException {
            ObjectNode payload = currentUserSnapshot();
            ((ObjectNode) payload.path("authenticator")).remove("lastAcceptedStep");

            assertThatThrownBy(() -> snapshots.deserialize(userSnapshot(payload)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("lastAcceptedStep");
        }

        @Test
        void aSnapshotWithANullForANumberIsRefused() throws IOException {
            ObjectNode payload = currentUserSnapshot();
            ((ObjectNode) payload.path("lockout")).putNull("failures");

            assertThatThrownBy(() -> snapshots.deserialize(userSnapshot(payload)))
                    .isInstanceOf(SerializationException.class);
        }

        @Test
        void everyNullIsWrittenSoThatACompleteSnapshotIsRecognised() throws IOException {
            User registeredOnly = Fixtures.fold(User.class, Streams.SUB, Streams.user().subList(0, 1));

            JsonNode written = JSON.readTree(snapshots.serialize(registeredOnly, byte[].class).getData());

            assertThat(written.path("lockout").has("lastFailureAt")).isTrue();
            assertThat(written.at("/lockout/lastFailureAt").isNull()).isTrue();
            assertThat(written.path("authenticator").has("sealedSecret")).isTrue();
        }
    }

    @Test
    void anEventOfAnUnknownPropertyStillLoads_eventsAreLenient() {
        String payload = "{\"poolId\":\"us-east-1_X\",\"shreddedUsers\":3,\"occurredAt\":\"2026-12-01T00:00:00Z\","
                + "\"addedLater\":true}";
        Object event = events.deserialize(new SimpleSerializedObject<>(payload.getBytes(StandardCharsets.UTF_8),
                byte[].class, "com.authledger.pool.api.PoolDeleted", "1"));

        assertThat(event).hasToString("PoolDeleted[poolId=us-east-1_X, shreddedUsers=3, "
                + "occurredAt=2026-12-01T00:00:00Z]");
    }

    @Test
    void theFixturesAreTheOnesOnDisk() {
        assertThat(Fixtures.list("events")).hasSizeGreaterThanOrEqualTo(Fixtures.eventTypes().size());
        assertThat(Fixtures.list("snapshots")).contains("snapshots/User@unlabelled.json", "snapshots/User@2.json",
                "snapshots/User@3.json");
        assertThat(List.of("events/UserEvent.UserRegistered@1.json", "events/UserEvent.UserRegistered@2.json"))
                .allSatisfy(file -> assertThat(Fixtures.read(file)).as(file).isNotNull());
    }
}
