package com.authledger.message;

/**
 * What every message draws from before it is accepted for delivery: the place where the budgets per destination,
 * user, source address, pool and service are drawn, for every message of every purpose (sign-up, verification, reset,
 * sign-in codes, notices). {@link Deliveries#afterCommit} calls it on the command's thread, before the command
 * commits, so a refusal (thrown as the domain's exception with its error code) fails the command and appends nothing.
 * None are configured yet: {@link #NONE} accepts every message.
 */
@FunctionalInterface
public interface MessageBudgets {

    MessageBudgets NONE = context -> {
    };

    /** Takes one message from every budget it falls under, or throws when one of them is spent. */
    void draw(MessageContext context);
}
