package com.authledger.signin;

import com.authledger.infra.SqlTime;
import com.authledger.secrets.OneTimeCodeMac;
import com.authledger.user.Lockout;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * The lockout count of a name that matches no user, under the same {@link Lockout} rule as a user's, so that
 * locking out reveals nothing about who exists. The name is kept only as a keyed HMAC of its normalized form.
 */
@Component
public class UnknownNameFailures {

    private static final String PURPOSE = "unknown-sign-in-name";

    private final JdbcTemplate jdbc;
    private final OneTimeCodeMac macs;

    public UnknownNameFailures(JdbcTemplate jdbc, OneTimeCodeMac macs) {
        this.jdbc = jdbc;
        this.macs = macs;
    }

    /** Until when sign-ins under this name are refused, or null. */
    public Instant lockedUntil(String poolId, String nameKey, Instant now) {
        List<Instant> until = jdbc.query("SELECT failures, last_failure_at FROM unknown_name_failure "
                        + "WHERE pool_id = ? AND name_mac = ?",
                (rs, row) -> Lockout.lockedUntil(rs.getInt("failures"), SqlTime.instant(rs, "last_failure_at"), now),
                poolId, mac(poolId, nameKey));
        return until.isEmpty() ? null : until.get(0);
    }

    public void recordFailure(String poolId, String nameKey, Instant now) {
        String mac = mac(poolId, nameKey);
        List<Object[]> rows = jdbc.query("SELECT failures, last_failure_at FROM unknown_name_failure "
                        + "WHERE pool_id = ? AND name_mac = ?",
                (rs, row) -> new Object[]{rs.getInt("failures"), SqlTime.instant(rs, "last_failure_at")}, poolId, mac);
        if (rows.isEmpty()) {
            try {
                jdbc.update("INSERT INTO unknown_name_failure (pool_id, name_mac, failures, last_failure_at) "
                        + "VALUES (?, ?, 1, ?)", poolId, mac, SqlTime.utc(now));
                return;
            } catch (DuplicateKeyException raced) {
                rows = List.<Object[]>of(new Object[]{1, now});
            }
        }
        int counted = Lockout.counted((Integer) rows.get(0)[0], (Instant) rows.get(0)[1], now);
        jdbc.update("UPDATE unknown_name_failure SET failures = ?, last_failure_at = ? WHERE pool_id = ? "
                + "AND name_mac = ?", counted + 1, SqlTime.utc(now), poolId, mac);
    }

    private String mac(String poolId, String nameKey) {
        return macs.mac(poolId, PURPOSE, nameKey);
    }
}
