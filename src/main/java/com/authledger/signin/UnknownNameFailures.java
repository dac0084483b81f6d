package com.authledger.signin;

import com.authledger.infra.SqlTime;
import com.authledger.infra.TransientRows;
import com.authledger.limits.RefusalTally;
import com.authledger.secrets.OneTimeCodeMac;
import com.authledger.user.Lockout;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;

/**
 * The lockout count of a name that matches no user, under the same {@link Lockout} rule as a user's, so that
 * locking out reveals nothing about who exists. The name is kept only as a keyed HMAC of its normalized form.
 *
 * <p>Attempts under one name are serialized by a lock on its row, as a user's are by the lock on its aggregate: the
 * check, the dummy work and the count happen under it. Without that, a burst of concurrent guesses would all pass the
 * check before any was counted, where a user's sixth guess is refused, and the difference would tell who exists.
 *
 * <p>A row whose last failure is {@link Lockout#QUIET_RESET} old counts for nothing, as no row would: {@link #sweep}
 * deletes it, so that guessing names leaves nothing permanent.
 */
@Component
public class UnknownNameFailures implements TransientRows {

    private static final String PURPOSE = "unknown-sign-in-name";

    private record Count(int failures, Instant lastFailureAt) {
    }

    private final JdbcTemplate jdbc;
    private final OneTimeCodeMac macs;
    private final TransactionTemplate ownTransaction;
    private final RefusalTally tally;

    public UnknownNameFailures(JdbcTemplate jdbc, OneTimeCodeMac macs, PlatformTransactionManager transactions,
                               RefusalTally tally) {
        this.jdbc = jdbc;
        this.macs = macs;
        this.tally = tally;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * One sign-in attempt under a name that matches no user: refused while the name is locked out; otherwise
     * {@code work} (the dummy password computation) runs and the failure is counted.
     *
     * @return until when the name is locked out (then nothing ran and nothing was counted), or null
     */
    public Instant attempt(String poolId, String nameKey, Instant now, Runnable work) {
        return attemptUnder(poolId, nameMac(poolId, nameKey), now, work);
    }

    /** {@link #attempt}, for a name known only by its {@link #nameMac} (a USER_SRP_AUTH session keeps no more). */
    public Instant attemptUnder(String poolId, String mac, Instant now, Runnable work) {
        Instant refused = null;
        for (int attempt = 1; ; attempt++) {
            ensureRow(poolId, mac, now);
            try {
                refused = counted(poolId, mac, now, work);
                break;
            } catch (RowSweptMeanwhile swept) {
                // the sweeper deleted the row between its check and its lock: it counted for nothing, start again
                if (attempt == 3) {
                    throw new IllegalStateException("unknown_name_failure row kept disappearing", swept);
                }
            }
        }
        if (refused == null) {
            tally.count(poolId, RefusalTally.Reason.UNKNOWN_NAME);
        }
        return refused;
    }

    private static final class RowSweptMeanwhile extends RuntimeException {
        RowSweptMeanwhile() {
            super(null, null, false, false);
        }
    }

    /** Under the lock of the name's row: refused while locked out, else the work runs and the failure is counted. */
    private Instant counted(String poolId, String mac, Instant now, Runnable work) {
        return ownTransaction.execute(status -> {
            Count count = jdbc.query("SELECT failures, last_failure_at FROM unknown_name_failure "
                            + "WHERE pool_id = ? AND name_mac = ? FOR UPDATE",
                    (rs, row) -> new Count(rs.getInt("failures"), SqlTime.instant(rs, "last_failure_at")),
                    poolId, mac).stream().findFirst().orElseThrow(RowSweptMeanwhile::new);
            Instant locked = Lockout.lockedUntil(count.failures(), count.lastFailureAt(), now);
            if (locked != null) {
                return locked;
            }
            work.run();
            int counted = Lockout.counted(count.failures(), count.lastFailureAt(), now);
            jdbc.update("UPDATE unknown_name_failure SET failures = ?, last_failure_at = ? WHERE pool_id = ? "
                    + "AND name_mac = ?", counted + 1, SqlTime.utc(now), poolId, mac);
            return null;
        });
    }

    /** The name's row, with no failure counted, so that there is a row to lock. */
    private void ensureRow(String poolId, String mac, Instant now) {
        Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM unknown_name_failure WHERE pool_id = ? "
                + "AND name_mac = ?", Integer.class, poolId, mac);
        if (rows != null && rows > 0) {
            return;
        }
        try {
            ownTransaction.executeWithoutResult(status -> jdbc.update("INSERT INTO unknown_name_failure "
                    + "(pool_id, name_mac, failures, last_failure_at) VALUES (?, ?, 0, ?)", poolId, mac,
                    SqlTime.utc(now)));
        } catch (DuplicateKeyException raced) {
            // another attempt under the same name inserted it first
        }
    }

    @Override
    public int sweep(Instant now) {
        return jdbc.update("DELETE FROM unknown_name_failure WHERE last_failure_at < ?",
                SqlTime.utc(now.minus(Lockout.QUIET_RESET)));
    }

    /** The keyed MAC a name is counted under: of its normalized form ({@code Username.key}), in this pool. */
    public String nameMac(String poolId, String nameKey) {
        return macs.mac(poolId, PURPOSE, nameKey);
    }
}
