package com.authledger.infra.storeddata;

import com.authledger.client.AppClient;
import com.authledger.infra.StoredForms;
import com.authledger.client.api.AppClientEvent;
import com.authledger.pool.UserPool;
import com.authledger.pool.api.PoolEvent;
import com.authledger.signin.SignInSession;
import com.authledger.signin.api.SignInEvent;
import com.authledger.user.User;
import com.authledger.user.api.UserEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The stored-data fixtures under {@code src/test/resources/stored-data}: for every event type and revision, the JSON
 * that the event store held for it ({@code events/<Type>@<revision>.json}), and for every aggregate and snapshot
 * revision, a snapshot with the history it summarises ({@code snapshots/<Aggregate>@<revision>.json}). A fixture is
 * written once, by the version that introduced its revision, and never rewritten: it is what later versions must
 * keep loading (ADR 18).
 *
 * <p>Run {@link #main} after adding a type or a revision: it writes the fixtures that are missing and leaves every
 * existing one as it is.
 * <pre>./mvnw -q test-compile exec:java -Dexec.mainClass=com.authledger.infra.storeddata.Fixtures \
 *     -Dexec.classpathScope=test</pre>
 */
public final class Fixtures {

    static final Path SOURCE = Path.of("src/test/resources/stored-data");
    /** The label of a snapshot stored before snapshots carried a revision. */
    static final String UNLABELLED = "unlabelled";

    static final List<Class<?>> AGGREGATES = List.of(UserPool.class, AppClient.class, User.class, SignInSession.class);

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final AnnotationRevisionResolver REVISIONS = new AnnotationRevisionResolver();

    private Fixtures() {
    }

    /** Every event type the aggregates emit: the permitted types of their sealed event interfaces. */
    static List<Class<? extends Record>> eventTypes() {
        List<Class<? extends Record>> types = new ArrayList<>();
        for (Class<?> root : List.of(PoolEvent.class, AppClientEvent.class, UserEvent.class, SignInEvent.class)) {
            for (Class<?> type : root.getPermittedSubclasses()) {
                types.add(type.asSubclass(Record.class));
            }
        }
        return types;
    }

    /** An event type's revision: unlabelled types are revision 1 (their stored revision is null). */
    static String revisionOf(Class<?> eventType) {
        String revision = REVISIONS.revisionOf(eventType);
        return revision == null ? "1" : revision;
    }

    static String snapshotRevisionOf(Class<?> aggregate) {
        String revision = REVISIONS.revisionOf(aggregate);
        return revision == null ? UNLABELLED : revision;
    }

    static String eventFile(String typeName, String revision) {
        String simple = typeName.substring(typeName.lastIndexOf('.') + 1).replace('$', '.');
        return "events/" + simple + "@" + revision + ".json";
    }

    static String snapshotFile(String aggregate, String revision) {
        return "snapshots/" + aggregate + "@" + revision + ".json";
    }

    /** The fixture at {@code relative} on the test class path, or null if there is none. */
    static JsonNode read(String relative) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/stored-data/" + relative)) {
            return in == null ? null : JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every fixture in {@code folder} (events or snapshots), by file name. */
    static List<String> list(String folder) {
        try (Stream<Path> files = Files.list(SOURCE.resolve(folder))) {
            return files.map(f -> folder + "/" + f.getFileName()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The aggregate after folding {@code events}, as Axon's event sourcing handlers would leave it. */
    static <T> T fold(Class<T> aggregate, String id, List<?> events) {
        AggregateModel<T> model = AnnotatedAggregateMetaModelFactory.inspectAggregate(aggregate);
        try {
            T instance = aggregate.getDeclaredConstructor().newInstance();
            for (int i = 0; i < events.size(); i++) {
                model.publish(new GenericDomainEventMessage<>(aggregate.getSimpleName(), id, i, events.get(i)),
                        instance);
            }
            return instance;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static String idOf(Class<?> aggregate) {
        return Map.<Class<?>, String>of(UserPool.class, Streams.POOL, AppClient.class, Streams.CLIENT,
                User.class, Streams.SUB, SignInSession.class, Streams.SESSION).get(aggregate);
    }

    static List<Object> streamOf(Class<?> aggregate) {
        return Map.<Class<?>, List<Object>>of(UserPool.class, Streams.userPool(), AppClient.class,
                Streams.appClient(), User.class, Streams.user(), SignInSession.class, Streams.signInSession())
                .get(aggregate);
    }

    static ObjectNode record(SerializedObject<byte[]> serialized) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("payloadType", serialized.getType().getName());
        node.put("payloadRevision", serialized.getType().getRevision());
        node.set("payload", JSON.readTree(serialized.getData()));
        return node;
    }

    /** Writes the fixtures of today's types and revisions that do not exist yet; never touches an existing one. */
    public static void main(String[] args) throws IOException {
        Serializer events = StoredForms.eventSerializer();
        Serializer snapshots = StoredForms.snapshotSerializer();
        List<String> written = new ArrayList<>();
        for (Class<? extends Record> type : eventTypes()) {
            Path file = SOURCE.resolve(eventFile(type.getName(), revisionOf(type)));
            if (!Files.exists(file)) {
                write(file, record(events.serialize(Samples.of(type), byte[].class)));
                written.add(file.toString());
            }
        }
        for (Class<?> aggregate : AGGREGATES) {
            Path file = SOURCE.resolve(snapshotFile(aggregate.getSimpleName(), snapshotRevisionOf(aggregate)));
            if (!Files.exists(file)) {
                List<Object> stream = streamOf(aggregate);
                String id = idOf(aggregate);
                ObjectNode node = JSON.createObjectNode();
                node.put("aggregateType", aggregate.getSimpleName());
                node.put("aggregateIdentifier", id);
                node.put("sequenceNumber", stream.size() - 1);
                node.setAll(record(snapshots.serialize(fold(aggregate, id, stream), byte[].class)));
                ArrayNode history = node.putArray("events");
                for (Object event : stream) {
                    history.add(record(events.serialize(event, byte[].class)));
                }
                write(file, node);
                written.add(file.toString());
            }
        }
        System.out.println(written.isEmpty() ? "every fixture exists" : "written:\n  " + String.join("\n  ", written));
    }

    private static void write(Path file, JsonNode node) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, JSON.writeValueAsString(node) + "\n");
    }

}
