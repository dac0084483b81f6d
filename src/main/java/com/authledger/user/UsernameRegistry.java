package com.authledger.user;

import com.authledger.infra.SqlTime;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.RuleViolation;
import com.authledger.user.api.Username;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/**
 * Usernames unique within a pool, case-insensitively: the set-validation that no single aggregate can make. A
 * registration claims the name's key in the table username_claim inside the same transaction that appends the
 * user's first event, so of two concurrent registrations of "Alice" and "ALICE" (on one node or several) the
 * primary key lets exactly one commit. Deleting the user releases the name in the transaction that records it.
 */
@Component
public class UsernameRegistry {

    private final JdbcTemplate jdbc;

    public UsernameRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims the name for {@code sub}, or refuses with UsernameExists. Must run inside the command's transaction. */
    void claim(String poolId, String username, String sub, Instant at) {
        try {
            jdbc.update("INSERT INTO username_claim (pool_id, username_key, sub, claimed_at) VALUES (?, ?, ?, ?)",
                    poolId, Username.key(username), sub, SqlTime.utc(at));
        } catch (DuplicateKeyException taken) {
            throw new RuleViolation(ErrorCode.UsernameExists, "User account already exists");
        }
    }

    void release(String poolId, String sub) {
        jdbc.update("DELETE FROM username_claim WHERE pool_id = ? AND sub = ?", poolId, sub);
    }

    /** The subs of every user registered in the pool (read in the caller's transaction). */
    public java.util.List<String> subs(String poolId) {
        return jdbc.queryForList("SELECT sub FROM username_claim WHERE pool_id = ?", String.class, poolId);
    }

    /** How many users the pool has (Cognito's EstimatedNumberOfUsers). */
    public int count(String poolId) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM username_claim WHERE pool_id = ?", Integer.class,
                poolId);
        return count == null ? 0 : count;
    }

    /** The sub of the pool's user known by this username (any case) or by this sub. */
    public Optional<String> resolve(String poolId, String usernameOrSub) {
        Optional<String> byName = jdbc.queryForList(
                "SELECT sub FROM username_claim WHERE pool_id = ? AND username_key = ?", String.class,
                poolId, Username.key(usernameOrSub)).stream().findFirst();
        if (byName.isPresent()) {
            return byName;
        }
        return jdbc.queryForList("SELECT sub FROM username_claim WHERE pool_id = ? AND sub = ?", String.class,
                poolId, usernameOrSub).stream().findFirst();
    }
}
