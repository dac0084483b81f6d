package com.authledger.pool;

/**
 * Tells a pool's users whose sign-in changes with a new MFA configuration (the console's "notify users" option),
 * through the pool's sender, after the change commits. Implemented on the user side.
 */
public interface UserNotifier {

    /** Schedules the notices for after commit and answers how many users will be told. */
    int notifyAffectedUsers(String poolId, String poolName, MfaConfiguration before, MfaConfiguration after);
}
