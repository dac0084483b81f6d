package com.authledger.delivery;

import com.authledger.email.EmailTransport;
import com.authledger.message.MessageBudgets;
import com.authledger.sms.SmsTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The deliveries, drawing every message from the {@link MessageBudgets} (the service's are
 * {@code limits.MessageBudgetPolicy}), over whichever SMS and email transports the deployment configured (either may
 * be absent: its messages are then dropped with a warning naming pool and purpose).
 */
@Configuration(proxyBeanMethods = false)
public class DeliveryConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DeliveryConfiguration.class);

    private static final Set<String> SMS_TRANSPORTS = Set.of("outbox", "sns", "webhook", "none");
    private static final Set<String> EMAIL_TRANSPORTS = Set.of("outbox", "smtp", "none");

    @Bean
    public AfterCommitDeliveries deliveries(MessageBudgets budgets, Optional<SmsTransport> sms,
                                            Optional<EmailTransport> email,
                                            @Value("${authledger.sms.transport:none}") String smsTransport,
                                            @Value("${authledger.email.transport:none}") String emailTransport,
                                            @Value("${authledger.delivery.threads:2}") int threads,
                                            @Value("${authledger.delivery.queue-capacity:1000}") int queueCapacity,
                                            @Value("${authledger.delivery.shutdown-wait:5s}") Duration shutdownWait) {
        // injected (not looked up) so that the transports outlive the deliveries' drain on shutdown
        SmsTransport smsChosen = sms.orElse(null);
        EmailTransport emailChosen = email.orElse(null);
        report("authledger.sms.transport", smsTransport, SMS_TRANSPORTS, smsChosen != null);
        report("authledger.email.transport", emailTransport, EMAIL_TRANSPORTS, emailChosen != null);
        return new AfterCommitDeliveries(budgets, smsChosen, emailChosen, threads, queueCapacity, shutdownWait);
    }

    private static void report(String property, String value, Set<String> known, boolean present) {
        if (!known.contains(value)) {
            log.warn("{}={} is not a transport (one of {}): nothing will be sent on that channel", property, value,
                    known);
        } else if (!present) {
            log.info("{}={}: nothing will be sent on that channel", property, value);
        }
    }
}
