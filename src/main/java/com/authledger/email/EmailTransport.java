package com.authledger.email;

/**
 * Delivers emails: the development outbox or an SMTP server, chosen by deployment configuration
 * (authledger.email.transport). A failure is thrown; {@link com.authledger.shared.TransportFailure} when its message
 * is safe to log.
 */
@FunctionalInterface
public interface EmailTransport {

    void deliver(EmailMessage message);
}
