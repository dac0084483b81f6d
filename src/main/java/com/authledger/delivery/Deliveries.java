package com.authledger.delivery;

/**
 * Hands messages (SMS and email) to the configured transports once the transaction that decided to send them has
 * committed. Called from command handlers only, never from event handlers, so a replay never sends anything again;
 * outside a unit of work nothing is sent. Delivery runs off the request thread and a failure is logged without the
 * destination or the text.
 */
public interface Deliveries {

    void afterCommit(OutboundMessage message);
}
