package com.authledger.user;

import com.authledger.user.api.UserEvent.PasswordChanged;
import com.authledger.user.api.UserEvent.UserRegistered;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.stereotype.Component;

import java.util.Set;

/**
 * {@link UserRegistered} and {@link PasswordChanged} of revision 1 (or stored before revisions, which is the same
 * shape) named the sealed SRP verifier {@code sealedPassword}; revision 2 names it {@code sealedVerifier}, which is
 * what it holds. The value is unchanged.
 */
@Component
public class SealedVerifierUpcaster extends SingleEventUpcaster {

    static final String OLD_NAME = "sealedPassword";
    static final String NEW_NAME = "sealedVerifier";
    private static final Set<String> TYPES = Set.of(UserRegistered.class.getName(), PasswordChanged.class.getName());

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        String revision = representation.getType().getRevision();
        return (revision == null || "1".equals(revision)) && TYPES.contains(representation.getType().getName());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(new SimpleSerializedType(representation.getType().getName(), "2"),
                JsonNode.class, payload -> {
                    ObjectNode event = (ObjectNode) payload;
                    JsonNode sealed = event.remove(OLD_NAME);
                    if (sealed != null) {
                        event.set(NEW_NAME, sealed);
                    }
                    return event;
                });
    }
}
