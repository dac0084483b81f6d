package com.authledger.pool;

/**
 * The users of a pool, as far as deleting the pool concerns them: their secrets are crypto-shredded inside the
 * transaction that records the deletion. Implemented on the user side, which owns the users' data keys.
 */
public interface PoolMembers {

    /**
     * Shreds the data key of every user registered in the pool; must run inside the deleting command's transaction.
     *
     * @return how many users' data keys were shredded
     */
    int shredSecrets(String poolId);
}
