package com.authledger.client.api;

import com.authledger.pool.PoolId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Replaces an app client's settings as a whole; its id and secret stay. Identical settings append nothing. */
public record UpdateAppClient(@TargetAggregateIdentifier String clientId, String poolId,
                              AppClientSettings settings) {

    public UpdateAppClient {
        AppClientId.requireValid(clientId);
        PoolId.requireValid(poolId);
        Objects.requireNonNull(settings, "settings").validate();
    }
}
