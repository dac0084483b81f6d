package com.authledger.message;

import java.util.List;
import java.util.function.Predicate;

/** Message budgets for tests: records every context drawn, and refuses the notices {@code dropped} names. */
public final class RecordingMessageBudgets implements MessageBudgets {

    private final List<MessageContext> drawn;
    private final Predicate<MessageContext> dropped;

    public RecordingMessageBudgets(List<MessageContext> drawn) {
        this(drawn, context -> false);
    }

    public RecordingMessageBudgets(List<MessageContext> drawn, Predicate<MessageContext> dropped) {
        this.drawn = drawn;
        this.dropped = dropped;
    }

    @Override
    public boolean draw(MessageContext context) {
        drawn.add(context);
        return !(context.kind() == OutboundMessage.Kind.NOTICE && dropped.test(context));
    }

    @Override
    public void requireOpen(String poolId, String sourceAddress) {
    }
}
