package com.authledger.email;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * The email transport is deployment configuration (authledger.email.transport): {@code outbox} keeps emails in the
 * development outbox beside the text messages (the embedded default's choice; see
 * {@code delivery.DevelopmentOutboxConfiguration}), {@code smtp} sends them through the
 * SMTP server of spring.mail.* from authledger.email.from, {@code none} (or no value) sends nothing. The production
 * profile sets none: a production deployment chooses its transport explicitly.
 */
@Configuration(proxyBeanMethods = false)
public class EmailConfiguration {

    @Bean
    @ConditionalOnProperty(name = "authledger.email.transport", havingValue = "smtp")
    public SmtpEmailTransport smtpEmailTransport(ObjectProvider<JavaMailSender> mail,
                                                 @Value("${authledger.email.from:}") String from) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            throw new IllegalStateException("authledger.email.transport=smtp needs an SMTP server: set "
                    + "spring.mail.host (and spring.mail.port, spring.mail.username, spring.mail.password as needed)");
        }
        return new SmtpEmailTransport(sender, from);
    }
}
