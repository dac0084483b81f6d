package com.authledger.delivery;

/**
 * Hands messages (SMS and email) to the configured transports once the transaction that decided to send them has
 * committed: inside an Axon unit of work after its commit, inside a Spring transaction after its commit, and with
 * neither at once. A rolled-back command sends nothing. Called from command handlers only, never from event handlers,
 * so a replay never sends anything again. Delivery runs off the request thread and a failure is logged without the
 * destination or the text; it never reaches the caller.
 */
public interface Deliveries {

    void afterCommit(OutboundMessage message);
}
