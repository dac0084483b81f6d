package com.authledger.message;

import com.authledger.infra.RequestMetadata;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.Scope;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateScopeDescriptor;

import java.util.Objects;

/**
 * What a budget is drawn against: the message's pool, channel, destination and purpose, the user it is sent for and
 * the address of the request that caused it. The last two are completed from the command being handled when the
 * sender does not name them: the user is that of a {@code User} aggregate's command, the address the command's
 * {@link RequestMetadata#SOURCE_IP}. Either is null when unknown (a notice sent by a pool's change names its user,
 * a message sent outside any request has no address). Its string form never holds the destination.
 */
public record MessageContext(String poolId, String userSub, String sourceAddress, OutboundMessage.Channel channel,
                             String destination, String purpose) {

    /** The aggregate type (the events' {@code type} column, which never changes) whose identifier is a user's sub. */
    static final String USER_AGGREGATE = "User";

    public MessageContext {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(destination, "destination");
    }

    /** The context of {@code message}, completed from the command being handled on this thread, if any. */
    public static MessageContext of(OutboundMessage message) {
        String userSub = message.userSub() != null ? message.userSub() : userOfCurrentAggregate();
        return new MessageContext(message.poolId(), userSub, sourceAddressOfCurrentCommand(), message.channel(),
                message.destination(), message.purpose());
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

    private static String sourceAddressOfCurrentCommand() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        Message<?> command = CurrentUnitOfWork.get().getMessage();
        return command == null ? null : (String) command.getMetaData().get(RequestMetadata.SOURCE_IP);
    }

    @Override
    public String toString() {
        return "MessageContext[" + channel + ", pool=" + poolId + ", user=" + userSub + ", purpose=" + purpose + "]";
    }
}
