package com.authledger.user.read;

import com.authledger.shared.Page;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/** Reads of the users' projection. */
@Component
public class UserQueries {

    private final JdbcTemplate jdbc;

    UserQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<UserRow> user(String poolId, String sub) {
        return jdbc.query("SELECT * FROM user_account WHERE pool_id = ? AND sub = ?", UserRow.MAPPER, poolId, sub)
                .stream().findFirst();
    }

    /** The version the projection holds of the user, or -1 when it holds no row (not yet, or deleted). */
    public long version(String sub) {
        List<Long> versions = jdbc.queryForList("SELECT version FROM user_account WHERE sub = ?", Long.class, sub);
        return versions.isEmpty() ? -1 : versions.get(0);
    }

    public Page<UserRow> users(String poolId, int size, long after) {
        List<UserRow> rows = jdbc.query("SELECT * FROM user_account WHERE pool_id = ? AND listing_id > ? "
                + "ORDER BY listing_id FETCH FIRST ? ROWS ONLY", UserRow.MAPPER, poolId, after, size + 1);
        return Page.of(rows, size, UserRow::listingId);
    }
}
