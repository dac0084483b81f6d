package com.authledger.client.api;

import com.authledger.pool.PoolId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Creates an app client of a pool, with a generated secret if {@code generateSecret}. */
public record CreateAppClient(@TargetAggregateIdentifier String clientId, String poolId, AppClientSettings settings,
                              boolean generateSecret) {

    public CreateAppClient {
        Objects.requireNonNull(clientId, "clientId");
        PoolId.requireValid(poolId);
        Objects.requireNonNull(settings, "settings").validate();
    }
}
