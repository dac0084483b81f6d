package com.authledger.delivery;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/** The development outbox exists when either channel's transport is {@code outbox}. */
public final class OutboxEnabled extends AnyNestedCondition {

    OutboxEnabled() {
        super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnProperty(name = "authledger.sms.transport", havingValue = "outbox")
    static final class ForSms {
    }

    @ConditionalOnProperty(name = "authledger.email.transport", havingValue = "outbox")
    static final class ForEmail {
    }
}
