package com.authledger.sms;

/**
 * Delivers text messages: the development outbox, AWS SNS or an HTTPS webhook, chosen by deployment configuration.
 * A failure is thrown; {@link com.authledger.shared.TransportFailure} when its message is safe to log.
 */
@FunctionalInterface
public interface SmsTransport {

    void deliver(SmsMessage message);
}
