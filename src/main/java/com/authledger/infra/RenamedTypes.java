package com.authledger.infra;

import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.core.Ordered;

import java.util.Map;
import java.util.function.Function;

/**
 * Event types are stored by class name, so an event class that moves or is renamed would no longer be found for the
 * events already stored under its old name. Each such move is listed here, old name to new, and applied before any
 * other upcaster (ADR 18); the revision and the payload stay as stored.
 */
public final class RenamedTypes extends SingleEventUpcaster implements Ordered {

    /** Stored name to current name. Names are never removed from this list: old events keep their names forever. */
    static final Map<String, String> MOVED = Map.of();

    private final Map<String, String> moved;

    public RenamedTypes() {
        this(MOVED);
    }

    RenamedTypes(Map<String, String> moved) {
        this.moved = Map.copyOf(moved);
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return moved.containsKey(representation.getType().getName());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        String current = moved.get(representation.getType().getName());
        return representation.upcastPayload(new SimpleSerializedType(current, representation.getType().getRevision()),
                byte[].class, Function.identity());
    }

    /** Before every upcaster of a type's shape, which may rely on it. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
