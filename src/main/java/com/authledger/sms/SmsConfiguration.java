package com.authledger.sms;

import org.springframework.beans.factory.annotation.Value;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/**
 * The SMS transport is deployment configuration (authledger.sms.transport): {@code outbox} keeps messages for a
 * developer to read (the embedded default's choice; {@code delivery.DevelopmentOutboxConfiguration}), {@code sns} sends them through AWS SNS with each pool's role,
 * {@code webhook} signs and posts them to the operator's gateway; {@code none} (or no value) sends nothing.
 * The production profile sets none: a production deployment chooses its transport explicitly.
 */
@Configuration(proxyBeanMethods = false)
public class SmsConfiguration {

    @Bean
    @ConditionalOnProperty(name = "authledger.sms.transport", havingValue = "sns")
    public SnsTransport snsTransport() {
        return new SnsTransport(DefaultCredentialsProvider.builder().build(), null);
    }

    @Bean
    @ConditionalOnProperty(name = "authledger.sms.transport", havingValue = "webhook")
    public WebhookTransport webhookTransport(@Value("${authledger.sms.webhook.url}") URI url,
                                             @Value("${authledger.sms.webhook.signing-secret}") String secret,
                                             @Value("${authledger.sms.webhook.allow-private-destinations:false}")
                                             boolean allowPrivate, Clock clock) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new WebhookTransport(url, secret, new DestinationPolicy(allowPrivate), http, clock);
    }
}
