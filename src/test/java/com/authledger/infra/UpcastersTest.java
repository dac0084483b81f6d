package com.authledger.infra;

import com.authledger.pool.api.PoolDeleted;
import com.authledger.user.api.UserEvent.UserRegistered;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The two upcasters every stored event passes first: moved type names, then the label of unlabelled events. */
class UpcastersTest {

    private final Serializer serializer = StoredForms.eventSerializer();

    private IntermediateEventRepresentation stored(String type, String revision, String payload) {
        return new InitialEventRepresentation(new GenericDomainEventEntry<>("UserPool", "p", 0, "e",
                "2026-12-01T00:00:00Z", type, revision, payload.getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8)), serializer);
    }

    private static SerializedType upcast(EventUpcaster upcaster, IntermediateEventRepresentation representation) {
        return upcaster.upcast(Stream.of(representation)).findFirst().orElseThrow().getType();
    }

    @Test
    void anUnlabelledEventOfTheProductIsRevision1() {
        SerializedType type = upcast(new LegacyRevisions(), stored(PoolDeleted.class.getName(), null, "{}"));

        assertThat(type.getName()).isEqualTo(PoolDeleted.class.getName());
        assertThat(type.getRevision()).isEqualTo("1");
    }

    @Test
    void aLabelledEventKeepsItsLabel() {
        assertThat(upcast(new LegacyRevisions(), stored(UserRegistered.class.getName(), "2", "{}")).getRevision())
                .isEqualTo("2");
    }

    @Test
    void anotherLibrarysUnlabelledTypeIsLeftAlone() {
        assertThat(upcast(new LegacyRevisions(), stored("org.example.Other", null, "{}")).getRevision()).isNull();
    }

    @Test
    void aMovedEventIsReadUnderItsNewNameWithItsRevisionAndPayload() {
        RenamedTypes renamed = new RenamedTypes(Map.of("com.authledger.pool.events.PoolRemoved",
                PoolDeleted.class.getName()));
        String payload = "{\"poolId\":\"us-east-1_X\",\"shreddedUsers\":3,\"occurredAt\":\"2026-12-01T00:00:00Z\"}";

        IntermediateEventRepresentation moved = renamed.upcast(Stream.of(
                stored("com.authledger.pool.events.PoolRemoved", "1", payload))).findFirst().orElseThrow();

        assertThat(moved.getType().getName()).isEqualTo(PoolDeleted.class.getName());
        assertThat(moved.getType().getRevision()).isEqualTo("1");
        assertThat((Object) serializer.deserialize(moved.getData()))
                .isEqualTo(new PoolDeleted("us-east-1_X", 3, java.time.Instant.parse("2026-12-01T00:00:00Z")));
    }

    @Test
    void noTypeHasMovedYet() {
        assertThat(RenamedTypes.MOVED).isEmpty();
    }
}
