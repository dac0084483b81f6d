package com.authledger.infra.storeddata;

import com.authledger.infra.StoredForms;
import com.authledger.signin.SignInSession;
import com.authledger.support.IntegrationTest;
import com.authledger.pool.UserPool;
import com.authledger.user.User;
import com.authledger.user.api.UserEvent.PasswordChanged;
import com.authledger.user.api.UserEvent.UserRegistered;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.Repository;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every stored-data fixture loads in this version, through the service's own serializer, upcasters, snapshot filter
 * and event store (ADR 18): every event fixture to the event it recorded; a snapshot of its aggregate's current
 * revision is used; a snapshot of an older revision, or one that does not fit, is passed over and the aggregate is
 * rebuilt from its events, never defaulted.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class StoredDataTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;
    @Autowired
    Configuration axon;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ApplicationContext context;

    /** The event a fixture holds, read as the event store reads it: upcast, then deserialised. */
    private Object load(JsonNode fixture) throws IOException {
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>("Fixture", "fixture-1", 0,
                UUID.randomUUID().toString(), "2026-11-30T09:00:00Z", fixture.path("payloadType").asText(),
                fixture.path("payloadRevision").isNull() ? null : fixture.path("payloadRevision").asText(),
                JSON.writeValueAsBytes(fixture.path("payload")), "{}".getBytes(StandardCharsets.UTF_8));
        DomainEventStream stream = EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(entry),
                eventSerializer, axon.upcasterChain());
        return stream.next().getPayload();
    }

    @TestFactory
    Stream<DynamicTest> everyEventFixtureLoadsToTheEventItRecorded() {
        return Fixtures.list("events").stream().map(file -> DynamicTest.dynamicTest(file, () -> {
            JsonNode fixture = Fixtures.read(file);
            Object event = load(fixture);
            Class<? extends Record> type = event.getClass().asSubclass(Record.class);
            assertLoadedAsRecorded(file, fixture, fixture.path("payload"), (Record) event, Samples.of(type), "");
        }));
    }

    /**
     * Each component of {@code loaded} is the sample's, except, in an older shape ({@code ~} fixtures), one absent
     * from what was stored, which is null; a record component stored is compared the same way, component by
     * component, so that an optional property added to a nested value is checked too.
     */
    private static void assertLoadedAsRecorded(String file, JsonNode fixture, JsonNode stored, Record loaded,
                                               Record sample, String path) throws ReflectiveOperationException {
        for (RecordComponent component : loaded.getClass().getRecordComponents()) {
            Object actual = component.getAccessor().invoke(loaded);
            Object expected = component.getAccessor().invoke(sample);
            String name = path + component.getName();
            if (file.contains("~") && !stored.has(component.getName()) && !renamedIn(fixture, component)) {
                assertThat(actual).as("%s: %s, absent from this older shape", file, name).isNull();
            } else if (file.contains("~") && actual instanceof Record nested && expected instanceof Record) {
                assertLoadedAsRecorded(file, fixture, stored.path(component.getName()), nested, (Record) expected,
                        name + ".");
            } else {
                assertThat(actual).as("%s: %s", file, name).isEqualTo(expected);
            }
        }
    }

    /** Whether the component is one that an upcaster renamed from the fixture's property. */
    private static boolean renamedIn(JsonNode fixture, RecordComponent component) {
        return component.getName().equals("sealedVerifier") && fixture.path("payload").has("sealedPassword");
    }

    @Nested
    class TheDeliberateChangeOfAnEventsShape {

        @Test
        void aUserRegisteredOfRevision1HasItsSealedPasswordAsTheSealedVerifier() throws IOException {
            JsonNode fixture = Fixtures.read("events/UserEvent.UserRegistered@1.json");
            assertThat(fixture.path("payloadRevision").isNull()).as("stored before revisions").isTrue();

            UserRegistered event = (UserRegistered) load(fixture);

            assertThat(event.sealedVerifier()).isEqualTo(fixture.path("payload").path("sealedPassword").asText())
                    .isNotBlank();
        }

        @Test
        void aPasswordChangedLabelledRevision1IsUpcastToo() throws IOException {
            ObjectNode fixture = (ObjectNode) Fixtures.read("events/UserEvent.PasswordChanged@1.json").deepCopy();
            fixture.put("payloadRevision", "1");

            PasswordChanged event = (PasswordChanged) load(fixture);

            assertThat(event.sealedVerifier()).isEqualTo(fixture.path("payload").path("sealedPassword").asText());
        }

        @Test
        void revision2IsReadAsWritten() throws IOException {
            JsonNode fixture = Fixtures.read("events/UserEvent.UserRegistered@2.json");

            UserRegistered event = (UserRegistered) load(fixture);

            assertThat(fixture.path("payloadRevision").asText()).isEqualTo("2");
            assertThat(event.sealedVerifier()).isEqualTo(fixture.path("payload").path("sealedVerifier").asText());
        }
    }

    @Nested
    class Snapshots {

        /**
         * Stores the fixture's history under a new id (and the fixture's snapshot with {@code snapshotLabel} and the
         * payload {@code snapshotPayload}, if not null); returns the id.
         */
        private String store(JsonNode fixture, String snapshotLabel, JsonNode snapshotPayload) throws IOException {
            String oldId = fixture.path("aggregateIdentifier").asText();
            String id = oldId.substring(0, oldId.length() - 8) + UUID.randomUUID().toString().substring(0, 8);
            String type = fixture.path("aggregateType").asText();
            int sequence = 0;
            for (JsonNode event : fixture.path("events")) {
                insert("domain_event_entry", id, sequence++, type, event.path("payloadType").asText(),
                        event.path("payloadRevision").isNull() ? null : event.path("payloadRevision").asText(),
                        withId(event.path("payload"), oldId, id));
            }
            if (snapshotPayload != null) {
                insert("snapshot_event_entry", id, fixture.path("sequenceNumber").asLong(), type,
                        fixture.path("payloadType").asText(), snapshotLabel, withId(snapshotPayload, oldId, id));
            }
            return id;
        }

        private byte[] withId(JsonNode payload, String oldId, String id) throws IOException {
            return JSON.writeValueAsString(payload).replace(oldId, id).getBytes(StandardCharsets.UTF_8);
        }

        private void insert(String table, String id, long sequence, String type, String payloadType,
                            String revision, byte[] payload) {
            jdbc.update("INSERT INTO " + table + " (aggregate_identifier, sequence_number, type, event_identifier, "
                            + "meta_data, payload, payload_revision, payload_type, time_stamp) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, sequence, type, UUID.randomUUID().toString(),
                    "{}".getBytes(StandardCharsets.UTF_8), payload, revision, payloadType,
                    "2026-11-30T09:30:00.000001Z");
        }

        /** The first message the event store hands out for the aggregate: its snapshot, or its first event. */
        private Object firstRead(String id) {
            DomainEventMessage<?> first = eventStore.readEvents(id).next();
            return first.getPayload();
        }

        /** The aggregate as its repository loads it, in the snapshot's JSON form. */
        @SuppressWarnings("unchecked")
        private JsonNode loaded(Class<?> type, String id) throws IOException {
            String bean = Character.toLowerCase(type.getSimpleName().charAt(0)) + type.getSimpleName().substring(1)
                    + "Repository";
            Repository<Object> repository = (Repository<Object>) context.getBean(bean);
            Object root = DefaultUnitOfWork.startAndGet(null)
                    .executeWithResult(() -> repository.load(id).invoke(aggregate -> aggregate)).getPayload();
            return json(root);
        }

        private JsonNode folded(Class<?> type, String id) throws IOException {
            String oldId = Fixtures.idOf(type);
            JsonNode state = json(Fixtures.fold(type, oldId, Fixtures.streamOf(type)));
            return JSON.readTree(JSON.writeValueAsString(state).replace(oldId, id));
        }

        private JsonNode json(Object aggregate) throws IOException {
            return JSON.readTree(StoredForms.snapshotSerializer().serialize(aggregate, byte[].class).getData());
        }

        @TestFactory
        Stream<DynamicTest> aSnapshotOfTheCurrentRevisionIsUsed() {
            return Fixtures.AGGREGATES.stream().map(type -> DynamicTest.dynamicTest(type.getSimpleName(), () -> {
                String revision = Fixtures.snapshotRevisionOf(type);
                JsonNode fixture = Fixtures.read(Fixtures.snapshotFile(type.getSimpleName(), revision));
                String id = store(fixture, revision, fixture.path("payload"));

                assertThat(firstRead(id)).as("the snapshot comes first").isInstanceOf(type);
                assertThat(loaded(type, id)).isEqualTo(folded(type, id));
            }));
        }

        @TestFactory
        Stream<DynamicTest> aSnapshotStoredBeforeRevisionsIsPassedOverAndTheAggregateRebuiltFromItsEvents() {
            return Fixtures.AGGREGATES.stream().map(type -> DynamicTest.dynamicTest(type.getSimpleName(), () -> {
                JsonNode fixture = Fixtures.read(Fixtures.snapshotFile(type.getSimpleName(), Fixtures.UNLABELLED));
                assertThat(fixture.path("payloadRevision").isNull()).isTrue();
                String id = store(fixture, null, fixture.path("payload"));

                assertThat(firstRead(id)).as("the first event, not the snapshot").isNotInstanceOf(type);
                assertThat(loaded(type, id)).isEqualTo(folded(type, id));
            }));
        }

        @Test
        void aUserRebuiltFromItsEventsKeepsEveryPartOfItsStateThatGuardsSignIns() throws IOException {
            JsonNode fixture = Fixtures.read(Fixtures.snapshotFile("User", Fixtures.UNLABELLED));
            String id = store(fixture, null, fixture.path("payload"));

            assertGuardsSignInsAsRecorded(loaded(User.class, id));
        }

        @Test
        void aUserPoolSnapshotOfRevision1IsPassedOverAndThePoolRebuiltFromItsEvents() throws IOException {
            JsonNode fixture = Fixtures.read(Fixtures.snapshotFile("UserPool", "1"));
            String id = store(fixture, "1", fixture.path("payload"));

            assertThat(firstRead(id)).as("the first event, not the snapshot").isNotInstanceOf(UserPool.class);
            assertThat(loaded(UserPool.class, id)).isEqualTo(folded(UserPool.class, id));
            assertThat(loaded(UserPool.class, id).path("mfa").path("smsCountries").path("allowed").isNull())
                    .as("a pool from before SMS country lists sends to every country").isTrue();
        }

        @Test
        void aUserSnapshotOfRevision2IsPassedOverAndTheUserRebuiltFromItsEvents() throws IOException {
            JsonNode fixture = Fixtures.read(Fixtures.snapshotFile("User", "2"));
            String id = store(fixture, "2", fixture.path("payload"));

            assertThat(firstRead(id)).as("the first event, not the snapshot").isNotInstanceOf(User.class);
            assertThat(loaded(User.class, id)).isEqualTo(folded(User.class, id));
            assertGuardsSignInsAsRecorded(loaded(User.class, id));
        }

        @Test
        void aUserSnapshotOfRevision3IsUsedWithEveryPartOfItsStateThatGuardsSignIns() throws IOException {
            JsonNode fixture = Fixtures.read(Fixtures.snapshotFile("User", "3"));
            String id = store(fixture, "3", fixture.path("payload"));

            assertThat(firstRead(id)).as("the snapshot comes first").isInstanceOf(User.class);
            assertGuardsSignInsAsRecorded(loaded(User.class, id));
        }

        /** Every part of a user's state that guards sign-ins, as the fixtures' history left it. */
        private void assertGuardsSignInsAsRecorded(JsonNode user) {
            assertThat(user.at("/authenticator/lastAcceptedStep").asLong()).isEqualTo(Streams.LAST_ACCEPTED_STEP);
            assertThat(user.at("/authenticator/sealedSecret").asText()).isEqualTo("v1.c2VhbGVkIHRvdHAgMQ");
            assertThat(user.at("/authenticator/sealedPendingSecret").asText()).isEqualTo("v1.c2VhbGVkIHRvdHAgMg");
            assertThat(user.at("/authenticator/pendingWrongAttempts").asInt()).isEqualTo(2);
            assertThat(user.at("/lockout/failures").asInt()).isEqualTo(Streams.SIGN_IN_FAILURES);
            assertThat(user.at("/lockout/lastFailureAt").asText()).isEqualTo("2026-11-30T09:10:02.000001Z");
            assertThat(user.path("sealedVerifier").asText()).isEqualTo("v1.c2VhbGVkIHZlcmlmaWVyIDI");
            assertThat(user.at("/codes/byPurpose/RESET_PASSWORD/wrongAttempts").asInt()).isEqualTo(1);
            assertThat(user.at("/contacts/phoneNumber/verified").asBoolean()).isTrue();
            assertThat(user.at("/recoveryCodes/macs").toString())
                    .isEqualTo("[\"mac-recovery-0\",null,\"mac-recovery-2\"]");
            assertThat(user.at("/recentSends/sentAt")).hasSize(2);
            assertThat(List.of(user.at("/preferences/softwareToken/enabled").asBoolean(),
                    user.at("/preferences/softwareToken/preferred").asBoolean(),
                    user.at("/preferences/sms/enabled").asBoolean(), user.at("/preferences/sms/preferred").asBoolean()))
                    .containsExactly(true, true, true, false);
        }

        /**
         * SignInSession revision 2 holds its lifecycles as values (the challenge, the token family): a revision-1
         * snapshot, of the flat fields, is passed over and the session rebuilt from its events, with every part that
         * guards a sign-in or a refresh.
         */
        @Test
        void aSignInSessionSnapshotOfRevision1IsPassedOverAndEveryPartThatGuardsItRebuilt() throws IOException {
            JsonNode fixture = Fixtures.read(Fixtures.snapshotFile("SignInSession", "1"));
            assertThat(Fixtures.snapshotRevisionOf(SignInSession.class)).isEqualTo("2");
            String id = store(fixture, "1", fixture.path("payload"));

            assertThat(firstRead(id)).as("the first event, not the snapshot").isNotInstanceOf(SignInSession.class);
            JsonNode session = loaded(SignInSession.class, id);

            assertThat(session).isEqualTo(folded(SignInSession.class, id));
            assertThat(session.path("usedStepHashes").toString()).isEqualTo("[\"step-hash-1\",\"step-hash-2\"]");
            assertThat(session.path("challenge").isNull()).as("the last step was answered").isTrue();
            assertThat(session.path("verifier").isNull()).as("the password was proven").isTrue();
            assertThat(List.of(session.path("ended").asBoolean(), session.path("expired").asBoolean()))
                    .containsExactly(false, false);
            assertThat(session.path("amr").toString()).isEqualTo("[\"pwd\",\"otp\"]");
            assertThat(session.path("clientId").asText()).isEqualTo(fixture.at("/payload/clientId").asText());
            assertThat(session.at("/family/refreshTokenHashes").toString())
                    .isEqualTo("[\"refresh-hash-0\",\"refresh-hash-1\"]");
            assertThat(session.at("/family/generation").asInt()).isEqualTo(1);
            assertThat(session.at("/family/revoked").asBoolean()).isFalse();
            assertThat(session.at("/family/authTime").asText()).isEqualTo(fixture.at("/payload/authTime").asText());
            assertThat(session.at("/family/expiresAt").asText())
                    .isEqualTo(fixture.at("/payload/refreshExpiresAt").asText());
        }

        @Test
        void aSnapshotOfTheCurrentRevisionThatDoesNotFitIsPassedOverNotDefaulted(CapturedOutput output)
                throws IOException {
            JsonNode fixture = Fixtures.read(Fixtures.snapshotFile("User", Fixtures.snapshotRevisionOf(User.class)));
            ObjectNode tampered = (ObjectNode) fixture.path("payload").deepCopy();
            tampered.remove("lockout");
            tampered.put("signInFailures", 0);
            String id = store(fixture, Fixtures.snapshotRevisionOf(User.class), tampered);

            assertThat(firstRead(id)).as("the first event, not the snapshot").isNotInstanceOf(User.class);
            assertThat(loaded(User.class, id)).isEqualTo(folded(User.class, id));
            assertThat(loaded(User.class, id).at("/lockout/failures").asInt()).isEqualTo(Streams.SIGN_IN_FAILURES);
            assertThat(output).contains("Error reading snapshot for aggregate [" + id + "]")
                    .contains("missing [lockout], unknown [signInFailures]");
        }
    }

    @Test
    void aSnapshotTakenNowCarriesItsAggregatesRevision() {
        List<String> labels = new ArrayList<>();
        for (Class<?> type : Fixtures.AGGREGATES) {
            labels.add(StoredForms.snapshotSerializer().typeForClass(type).getRevision());
        }
        assertThat(labels).allMatch(Objects::nonNull).containsExactly("2", "1", "3", "2");
    }
}
