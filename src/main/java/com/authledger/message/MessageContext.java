package com.authledger.message;

import com.authledger.infra.RequestMetadata;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.Scope;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateScopeDescriptor;

import java.util.Objects;

/**
 * What a budget is drawn against: the message's pool, channel, destination, purpose and kind, the user it is sent for
 * and the end user's address that caused it. The last two are completed from the command being handled when the
 * sender does not name them: the user is that of a {@code User} aggregate's command, the address the command's
 * {@link RequestMetadata#END_USER_IP} (set by the adapters on the paths an end user drives, never on an
 * administrator's). Either is null when unknown. Its string form never holds the destination.
 */
public record MessageContext(String poolId, String userSub, String sourceAddress, OutboundMessage.Channel channel,
                             String destination, String purpose, OutboundMessage.Kind kind) {

    /** The aggregate type (the events' {@code type} column, which never changes) whose identifier is a user's sub. */
    static final String USER_AGGREGATE = "User";

    public MessageContext {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(kind, "kind");
    }

    /** The context of {@code message}, completed from the command being handled on this thread, if any. */
    public static MessageContext of(OutboundMessage message) {
        String userSub = message.userSub() != null ? message.userSub() : userOfCurrentAggregate();
        String sourceAddress = message.sourceAddress() != null ? message.sourceAddress()
                : endUserOfCurrentCommand();
        return new MessageContext(message.poolId(), userSub, sourceAddress, message.channel(), message.destination(),
                message.purpose(), message.kind());
    }

    private static String userOfCurrentAggregate() {
        ScopeDescriptor scope;
        try {
            scope = Scope.describeCurrentScope();
        } catch (IllegalStateException noScope) {
            return null;
        }
        if (scope instanceof AggregateScopeDescriptor aggregate && USER_AGGREGATE.equals(aggregate.getType())) {
            Object identifier = aggregate.getIdentifier();
            return identifier == null ? null : identifier.toString();
        }
        return null;
    }

    private static String endUserOfCurrentCommand() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        Message<?> command = CurrentUnitOfWork.get().getMessage();
        return command == null ? null : (String) command.getMetaData().get(RequestMetadata.END_USER_IP);
    }

    @Override
    public String toString() {
        return "MessageContext[" + channel + ", " + kind + ", pool=" + poolId + ", user=" + userSub + ", purpose=" + purpose + "]";
    }
}
