package com.authledger.infra;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * How events and snapshots are written to the event store and read back (ADR 18): JSON with ISO-8601 instants,
 * each payload labelled with its type's {@code @Revision}.
 */
public final class StoredForms {

    private StoredForms() {
    }

    /**
     * The mapper for events, tokens and Axon's own messages: null values left out, and unknown properties ignored, so
     * that an event that gained an optional property (a null in older events) needs no new revision, and a rolled-back
     * version still reads what a newer one wrote.
     */
    public static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    public static Serializer eventSerializer() {
        return jackson(objectMapper());
    }

    /**
     * Snapshots are strict where events are lenient: every field written, nulls included, and read only if every
     * field is there and none is unknown ({@link CompleteSnapshots}), since a snapshot is a cache of the events that
     * can always be rebuilt, never a fact to be guessed at.
     */
    public static Serializer snapshotSerializer() {
        ObjectMapper strict = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .setSerializationInclusion(JsonInclude.Include.ALWAYS);
        return new CompleteSnapshots(jackson(strict));
    }

    private static JacksonSerializer jackson(ObjectMapper mapper) {
        return JacksonSerializer.builder().revisionResolver(new AnnotationRevisionResolver()).objectMapper(mapper)
                .build();
    }
}
