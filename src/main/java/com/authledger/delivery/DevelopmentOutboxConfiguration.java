package com.authledger.delivery;

import com.authledger.email.EmailTransport;
import com.authledger.sms.SmsTransport;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * The development outbox as the transport of either channel whose transport is {@code outbox}
 * (authledger.sms.transport, authledger.email.transport). It lives beside the deliveries, which use both channels, so
 * that the SMS and email transports know nothing of each other.
 */
@Configuration(proxyBeanMethods = false)
public class DevelopmentOutboxConfiguration {

    /** Shared by both channels: it exists when either transport is {@code outbox}. */
    @Bean
    @Conditional(OutboxEnabled.class)
    public DevelopmentOutbox developmentOutbox(Clock clock) {
        return new DevelopmentOutbox(1000, clock);
    }

    @Bean
    @ConditionalOnProperty(name = "authledger.sms.transport", havingValue = "outbox")
    public SmsTransport developmentOutboxSms(DevelopmentOutbox outbox) {
        return outbox::deliver;
    }

    @Bean
    @ConditionalOnProperty(name = "authledger.email.transport", havingValue = "outbox")
    public EmailTransport developmentOutboxEmail(DevelopmentOutbox outbox) {
        return outbox::deliver;
    }
}
