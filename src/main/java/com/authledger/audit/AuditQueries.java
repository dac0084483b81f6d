package com.authledger.audit;

import com.authledger.infra.SqlTime;
import com.authledger.shared.Page;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Reads of the audit trail, paged in the order changes happened, or streamed whole for an export. */
@Component
public class AuditQueries {

    private static final RowMapper<AuditEntry> ENTRY = (rs, row) -> new AuditEntry(rs.getString("event_id"),
            SqlTime.instant(rs, "occurred_at"), rs.getString("pool_id"), rs.getString("scope"),
            rs.getString("change_type"), rs.getLong("version"), rs.getString("actor"), rs.getString("source_ip"),
            rs.getString("user_agent"), rs.getString("request_id"), rs.getString("reason"),
            rs.getString("user_sub"), rs.getString("username"), rs.getString("initiated_by"),
            (Integer) rs.getObject("notified_users"),
            rs.getString("before_config"), rs.getString("after_config"), rs.getLong("entry_id"));

    private static final int EXPORT_PAGE = 500;

    private final JdbcTemplate jdbc;

    AuditQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Page<AuditEntry> find(AuditFilter filter, int size, long after) {
        Query query = Query.of(filter, after);
        query.args.add(size + 1);
        List<AuditEntry> rows = jdbc.query(query.sql + " ORDER BY entry_id FETCH FIRST ? ROWS ONLY", ENTRY,
                query.args.toArray());
        return Page.of(rows, size, AuditEntry::position);
    }

    /**
     * Every matching entry, in order, fetched a page at a time: an export never holds the whole trail in memory,
     * nor a connection or a transaction for the length of a download.
     */
    public void forEach(AuditFilter filter, Consumer<AuditEntry> sink) {
        long after = 0;
        for (Page<AuditEntry> page = find(filter, EXPORT_PAGE, after); ; page = find(filter, EXPORT_PAGE, after)) {
            page.items().forEach(sink);
            if (page.nextPageToken() == null) {
                return;
            }
            after = page.items().get(page.items().size() - 1).position();
        }
    }

    private record Query(String sql, List<Object> args) {
        static Query of(AuditFilter filter, long after) {
            StringBuilder sql = new StringBuilder("SELECT * FROM mfa_config_audit WHERE entry_id > ?");
            List<Object> args = new ArrayList<>();
            args.add(after);
            if (filter.poolId() != null) {
                sql.append(" AND pool_id = ?");
                args.add(filter.poolId());
            }
            if (filter.userSub() != null) {
                sql.append(" AND user_sub = ?");
                args.add(filter.userSub());
            }
            if (filter.from() != null) {
                sql.append(" AND occurred_at >= ?");
                args.add(SqlTime.utc(filter.from()));
            }
            if (filter.to() != null) {
                sql.append(" AND occurred_at < ?");
                args.add(SqlTime.utc(filter.to()));
            }
            if (filter.actor() != null) {
                sql.append(" AND actor = ?");
                args.add(filter.actor());
            }
            return new Query(sql.toString(), args);
        }
    }
}
