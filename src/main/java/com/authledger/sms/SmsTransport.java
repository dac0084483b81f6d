package com.authledger.sms;

/** Delivers text messages: the development outbox, AWS SNS or an HTTPS webhook, chosen by deployment configuration. */
public interface SmsTransport {

    void deliver(SmsMessage message);
}
