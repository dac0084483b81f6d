package com.authledger.infra;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The snapshot serializer: a snapshot is read only if it holds exactly the fields the aggregate has now, each with a
 * value of the right shape. A snapshot with a field the aggregate lacks, or without one it has, would otherwise load
 * with that field silently at its default (a TOTP step that a code was accepted at, a failure count), so reading it
 * fails instead, and the event store then rebuilds the aggregate from its events (ADR 18). Snapshots are written with
 * every field, nulls included, so that a complete one is recognised as complete.
 */
final class CompleteSnapshots implements Serializer {

    private final JacksonSerializer jackson;
    private final ObjectMapper mapper;
    private final Map<Class<?>, Set<String>> fields = new ConcurrentHashMap<>();

    CompleteSnapshots(JacksonSerializer jackson) {
        this.jackson = jackson;
        this.mapper = jackson.getObjectMapper();
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        return jackson.serialize(object, expectedRepresentation);
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return jackson.canSerializeTo(expectedRepresentation);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        Class<?> type = classForType(serializedObject.getType());
        if (UnknownSerializedType.class.equals(type)) {
            throw new SerializationException("A snapshot of an unknown type: " + serializedObject.getType());
        }
        JsonNode snapshot = getConverter().convert(serializedObject, JsonNode.class).getData();
        Set<String> expected = fields.computeIfAbsent(type, this::fieldsOf);
        Set<String> stored = new TreeSet<>();
        snapshot.fieldNames().forEachRemaining(stored::add);
        if (!stored.equals(expected)) {
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(stored);
            Set<String> unknown = new TreeSet<>(stored);
            unknown.removeAll(expected);
            throw new SerializationException("A snapshot of " + type.getSimpleName() + " (revision "
                    + serializedObject.getType().getRevision() + ") does not hold this version's fields: missing "
                    + missing + ", unknown " + unknown);
        }
        try {
            return (T) mapper.readerFor(type).readValue(snapshot);
        } catch (IOException e) {
            throw new SerializationException("A snapshot of " + type.getSimpleName() + " does not load: "
                    + e.getMessage(), e);
        }
    }

    private Set<String> fieldsOf(Class<?> type) {
        JavaType javaType = mapper.constructType(type);
        return mapper.getSerializationConfig().introspect(javaType).findProperties().stream()
                .filter(BeanPropertyDefinition::couldSerialize)
                .map(BeanPropertyDefinition::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class classForType(SerializedType type) {
        return jackson.classForType(type);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public SerializedType typeForClass(Class type) {
        return jackson.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return jackson.getConverter();
    }
}
