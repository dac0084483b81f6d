package com.authledger.support;

import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Looks straight into the event store, to prove that a refused request appended nothing. */
public class EventStoreProbe {

    private final JdbcTemplate jdbc;

    public EventStoreProbe(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long eventCount() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry", Long.class);
        return count == null ? 0 : count;
    }

    /** How many stored events and snapshots hold {@code text} in their payload or metadata (read as UTF-8). */
    public long recordsContaining(String text) {
        List<byte[]> stored = jdbc.query("SELECT payload, meta_data FROM domain_event_entry "
                        + "UNION ALL SELECT payload, meta_data FROM snapshot_event_entry",
                (rs, row) -> concat(rs.getBytes(1), rs.getBytes(2)));
        return stored.stream().filter(bytes -> new String(bytes, StandardCharsets.UTF_8).contains(text)).count();
    }

    /** The payload types of the events appended after the first {@code skip} (in global order). */
    public List<String> typesAfter(long skip) {
        return jdbc.queryForList("SELECT payload_type FROM domain_event_entry ORDER BY global_index OFFSET ? ROWS",
                String.class, skip);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] left = a == null ? new byte[0] : a;
        byte[] right = b == null ? new byte[0] : b;
        byte[] both = new byte[left.length + right.length];
        System.arraycopy(left, 0, both, 0, left.length);
        System.arraycopy(right, 0, both, left.length, right.length);
        return both;
    }
}
