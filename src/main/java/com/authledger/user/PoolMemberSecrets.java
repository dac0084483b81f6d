package com.authledger.user;

import com.authledger.pool.PoolMembers;
import org.springframework.stereotype.Component;

/**
 * {@link PoolMembers} on the username registry: the pool's users are the names claimed in it, a table written in the
 * transactions of registrations and deletions (not a projection), so a deletion sees every user committed before
 * it. Each user's data key is shredded as DeleteUser does.
 */
@Component
class PoolMemberSecrets implements PoolMembers {

    private final UsernameRegistry names;
    private final UserSecrets secrets;

    PoolMemberSecrets(UsernameRegistry names, UserSecrets secrets) {
        this.names = names;
        this.secrets = secrets;
    }

    @Override
    public int shredSecrets(String poolId) {
        int shredded = 0;
        for (String sub : names.subs(poolId)) {
            secrets.shred(sub);
            shredded++;
        }
        return shredded;
    }
}
