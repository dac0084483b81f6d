package com.authledger.infra;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

/** How events and snapshots are written to the event store. */
public final class StoredForms {

    private StoredForms() {
    }

    /**
     * The mapper for everything Axon stores (events, snapshots, tokens): lenient on unknown properties, so an event
     * written by a newer version still loads, and ISO-8601 instants.
     */
    public static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    public static Serializer eventSerializer() {
        return JacksonSerializer.builder().revisionResolver(new AnnotationRevisionResolver())
                .objectMapper(objectMapper()).build();
    }

    public static Serializer snapshotSerializer() {
        return eventSerializer();
    }
}
