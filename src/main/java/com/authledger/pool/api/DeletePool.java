package com.authledger.pool.api;

import com.authledger.pool.PoolId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Deletes a user pool (Cognito's DeleteUserPool). Afterwards the pool is not found by any operation and is not
 * listed; its MFA configuration history stays in the audit trail, and its users' secrets are crypto-shredded.
 */
public record DeletePool(@TargetAggregateIdentifier String poolId) {

    public DeletePool {
        PoolId.requireValid(poolId);
    }
}
