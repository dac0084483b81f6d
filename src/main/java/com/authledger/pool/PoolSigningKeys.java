package com.authledger.pool;

/**
 * The keys a pool's tokens are signed with, as far as deleting the pool concerns them: every one is retired (no
 * longer published, no token signed with it verifies) and its private half crypto-shredded inside the transaction
 * that records the deletion, so that no token can be signed for a deleted pool. Implemented by {@code token}.
 */
public interface PoolSigningKeys {

    /**
     * Retires every key of the pool not yet retired and shreds its private half; must run inside the deleting
     * command's transaction.
     *
     * @return how many keys were retired
     */
    int retireAll(String poolId);
}
