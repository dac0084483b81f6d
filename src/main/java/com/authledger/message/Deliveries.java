package com.authledger.message;

/**
 * The port through which every message (SMS and email, of every purpose) leaves the service: the domain owns it,
 * {@code delivery} implements it over the {@code sms} and {@code email} transports. Messages are handed to the
 * transports once the transaction that decided to send them has committed: inside an Axon unit of work after its
 * commit, inside a Spring transaction after its commit, and with neither at once. A rolled-back command sends nothing.
 * Called from command handlers only, never from event handlers, so a replay never sends anything again. Delivery runs
 * off the request thread and a failure is logged without the destination or the text; it never reaches the caller.
 *
 * <p>This is the one choke point for messages: {@link #afterCommit} is called on the thread of the command that
 * decided to send, before that command commits, and draws the message's {@link MessageContext} (pool, user, source
 * address, channel, destination, purpose) from the {@link MessageBudgets} there. A budget that refuses a code throws,
 * the command fails, and nothing is appended or sent; a notice past its budgets is dropped.
 */
public interface Deliveries {

    /**
     * Hands {@code message} over once the work that decided to send it commits.
     *
     * @return false when it is a notice past its budgets, dropped; true when it will be sent
     * @throws com.authledger.shared.LimitReached when it is a code past one of its budgets
     */
    boolean afterCommit(OutboundMessage message);
}
