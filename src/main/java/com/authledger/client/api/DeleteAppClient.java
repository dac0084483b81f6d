package com.authledger.client.api;

import com.authledger.pool.PoolId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Deletes an app client; its secret's data key is shredded with it. */
public record DeleteAppClient(@TargetAggregateIdentifier String clientId, String poolId) {

    public DeleteAppClient {
        AppClientId.requireValid(clientId);
        PoolId.requireValid(poolId);
    }
}
