package com.authledger.infra;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Copies the request metadata of a command onto every event it causes, next to Axon's correlation ids; and makes a
 * projection that fails on an event stop and retry instead of skipping it (Axon's default only logs the failure,
 * which would leave a hole in the audit trail); and finds a command's target aggregate without reflection per command
 * ({@link CommandTargets}).
 */
@Configuration(proxyBeanMethods = false)
public class MessagingConfiguration {

    @Bean
    public ConfigurerModule projectionsNeverSkipAnEvent() {
        return configurer -> configurer.eventProcessing(processing ->
                processing.registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance()));
    }

    /** Projections commit without waiting for the database file: a restart rebuilds what they lose. */
    @Bean
    public ConfigurerModule projectionsCommitWithoutFlushing() {
        return configurer -> configurer.eventProcessing(processing -> processing.registerDefaultTransactionManager(
                c -> new ProjectionTransactions(c.getComponent(TransactionManager.class))));
    }

    /** Every aggregate's command handler asks the configuration for this component, before Axon's default. */
    @Bean
    public CommandTargetResolver commandTargetResolver() {
        return new CommandTargets();
    }

    @Bean
    public CorrelationDataProvider requestMetadataProvider() {
        return new SimpleCorrelationDataProvider(RequestMetadata.KEYS);
    }

    @Bean
    public CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }
}
