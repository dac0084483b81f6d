package com.authledger.pool;

/**
 * A pool's password policy as a command left it: the policy in force, its version (the sequence number of the pool
 * event that set it: 0 for the pool's creation), and whether the command appended anything.
 */
public record PasswordPolicyChange(String poolId, long version, PasswordPolicy passwordPolicy, boolean changed) {
}
