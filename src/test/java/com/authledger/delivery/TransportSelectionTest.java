package com.authledger.delivery;

import com.authledger.email.EmailConfiguration;
import com.authledger.email.EmailTransport;
import com.authledger.email.SmtpEmailTransport;
import com.authledger.message.MessageBudgets;
import com.authledger.message.OutboundMessage;
import com.authledger.pool.SmsSender;
import com.authledger.sms.SmsConfiguration;
import com.authledger.sms.SmsTransport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.mail.MailSenderAutoConfiguration;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/** Which transports exist for which configuration, and the development outbox shared by both channels. */
class TransportSelectionTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            // Spring Boot's conversions, as the application has them (durations such as 5s)
            .withInitializer(started -> started.getBeanFactory()
                    .setConversionService(ApplicationConversionService.getSharedInstance()))
            .withBean(Clock.class, Clock::systemUTC)
            .withBean(MessageBudgets.class, () -> MessageBudgets.NONE)
            .withUserConfiguration(SmsConfiguration.class, EmailConfiguration.class, DevelopmentOutboxConfiguration.class,
                    DeliveryConfiguration.class);

    @Test
    void withBothTransportsOnTheOutboxItHoldsTextMessagesAndEmails() {
        context.withPropertyValues("authledger.sms.transport=outbox", "authledger.email.transport=outbox")
                .run(started -> {
                    assertThat(started).hasSingleBean(DevelopmentOutbox.class).hasSingleBean(SmsTransport.class)
                            .hasSingleBean(EmailTransport.class);
                    AfterCommitDeliveries deliveries = started.getBean(AfterCommitDeliveries.class);
                    deliveries.afterCommit(OutboundMessage.sms("p", new SmsSender("role", null, "us-east-1"),
                            "+15555550100", "sms text", "sign-in"));
                    deliveries.afterCommit(OutboundMessage.email("p", "a@shop.example", "Subject", "email text",
                            "verify-email"));
                    deliveries.close();
                    assertThat(started.getBean(DevelopmentOutbox.class).messages())
                            .extracting(DevelopmentOutbox.Delivered::channel)
                            .containsExactlyInAnyOrder(DevelopmentOutbox.Channel.SMS, DevelopmentOutbox.Channel.EMAIL);
                });
    }

    @Test
    void theOutboxExistsWhenEitherTransportIsTheOutboxAndServesOnlyThatChannel() {
        context.withPropertyValues("authledger.sms.transport=none", "authledger.email.transport=outbox")
                .run(started -> assertThat(started).hasSingleBean(DevelopmentOutbox.class)
                        .doesNotHaveBean(SmsTransport.class).hasSingleBean(EmailTransport.class));
        context.withPropertyValues("authledger.sms.transport=outbox", "authledger.email.transport=none")
                .run(started -> assertThat(started).hasSingleBean(DevelopmentOutbox.class)
                        .hasSingleBean(SmsTransport.class).doesNotHaveBean(EmailTransport.class));
        context.withPropertyValues("authledger.sms.transport=none", "authledger.email.transport=none")
                .run(started -> assertThat(started).doesNotHaveBean(DevelopmentOutbox.class)
                        .doesNotHaveBean(SmsTransport.class).doesNotHaveBean(EmailTransport.class)
                        .hasSingleBean(AfterCommitDeliveries.class));
    }

    @Test
    void smtpNeedsAMailServerAndASender() {
        context.withPropertyValues("authledger.email.transport=smtp", "authledger.email.from=no-reply@shop.example")
                .run(started -> assertThat(started).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("spring.mail.host"));
        context.withPropertyValues("authledger.email.transport=smtp")
                .withBean(JavaMailSender.class, () -> mock(JavaMailSender.class))
                .run(started -> assertThat(started).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("authledger.email.from"));
        context.withPropertyValues("authledger.email.transport=smtp", "authledger.email.from=no-reply@shop.example")
                .withBean(JavaMailSender.class, () -> mock(JavaMailSender.class))
                .run(started -> assertThat(started).hasSingleBean(SmtpEmailTransport.class)
                        .doesNotHaveBean(DevelopmentOutbox.class));
    }

    @Test
    void theSmtpServerIsReachedOverTlsWithTimeoutsUnlessTheDeploymentRelaxesIt() throws IOException {
        PropertySource<?> defaults = new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml")).get(0);
        ApplicationContextRunner mail = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class))
                .withInitializer(started -> started.getEnvironment().getPropertySources().addLast(defaults));

        mail.run(started -> assertThat(started).doesNotHaveBean(JavaMailSender.class));
        mail.withPropertyValues("spring.mail.host=smtp.shop.example").run(started -> {
            Properties properties = started.getBean(JavaMailSenderImpl.class).getJavaMailProperties();
            assertThat(properties).containsEntry("mail.smtp.starttls.required", "true")
                    .containsEntry("mail.smtp.starttls.enable", "true")
                    .containsEntry("mail.smtp.connectiontimeout", "10000")
                    .containsEntry("mail.smtp.timeout", "10000");
        });
        mail.withPropertyValues("spring.mail.host=localhost",
                        "spring.mail.properties.mail.smtp.starttls.required=false")
                .run(started -> assertThat(started.getBean(JavaMailSenderImpl.class).getJavaMailProperties())
                        .containsEntry("mail.smtp.starttls.required", "false"));
    }

    @Test
    void theEmbeddedDefaultUsesTheOutboxAndTheProductionProfileSendsNothingUntilChosen() throws IOException {
        assertThat(property("application.yml", "authledger.email.transport")).isEqualTo("outbox");
        assertThat(property("application-production.yml", "authledger.email.transport")).isEqualTo("none");
        assertThat(property("application-production.yml", "authledger.sms.transport")).isEqualTo("none");
    }

    private static String property(String file, String name) throws IOException {
        List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(file, new ClassPathResource(file));
        return String.valueOf(sources.get(0).getProperty(name));
    }
}
