package com.authledger.pool;

import java.util.Optional;

/** Looks a pool up for the commands of its users. */
public interface PoolDirectory {

    Optional<PoolContext> pool(String poolId);

    /** The pool with this id; {@link UserPool#notFound()} when there is none. */
    default PoolContext require(String poolId) {
        return pool(poolId).orElseThrow(UserPool::notFound);
    }
}
