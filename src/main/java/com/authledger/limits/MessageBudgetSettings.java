package com.authledger.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Objects;

/**
 * The message budgets ({@code authledger.message-budgets}): each is at most {@code limit} messages per fixed
 * {@code window}. Codes draw from the five budgets per user, destination, source address, pool and service; notices
 * from two of their own, per pool and service.
 */
@ConfigurationProperties("authledger.message-budgets")
public record MessageBudgetSettings(Budget perUser, Budget perDestination, Budget perSource, Budget perPool,
                                    Budget service, Budget noticesPerPool, Budget noticesService) {

    public record Budget(int limit, Duration window) {
        public Budget {
            Objects.requireNonNull(window, "window");
            if (limit < 0) {
                throw new IllegalArgumentException("A message budget's limit is 0 or more");
            }
        }
    }

    public MessageBudgetSettings {
        Objects.requireNonNull(perUser, "per-user");
        Objects.requireNonNull(perDestination, "per-destination");
        Objects.requireNonNull(perSource, "per-source");
        Objects.requireNonNull(perPool, "per-pool");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(noticesPerPool, "notices-per-pool");
        Objects.requireNonNull(noticesService, "notices-service");
    }
}
