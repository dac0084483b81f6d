package com.authledger.infra;

import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.core.Ordered;

import java.util.function.Function;

/**
 * Events stored before event types carried a revision have none: they are revision 1 of their type (ADR 18). This
 * upcaster labels them so, without touching their payload, so that every later upcaster starts from a label.
 */
public final class LegacyRevisions extends SingleEventUpcaster implements Ordered {

    static final String FIRST = "1";
    private static final String PRODUCT_TYPES = "com.authledger.";

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().getRevision() == null
                && representation.getType().getName().startsWith(PRODUCT_TYPES);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(new SimpleSerializedType(representation.getType().getName(), FIRST),
                byte[].class, Function.identity());
    }

    /** Before every upcaster of a type's shape, which may rely on it. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
