package com.authledger.pool;

import java.util.Optional;

/** Looks a pool up for the commands of its users. */
public interface PoolDirectory {

    Optional<PoolContext> pool(String poolId);
}
