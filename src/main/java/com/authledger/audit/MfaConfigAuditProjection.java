package com.authledger.audit;

import com.authledger.infra.RequestMetadata;
import com.authledger.infra.SqlTime;
import com.authledger.pool.api.PoolCreated;
import com.authledger.pool.api.PoolDeleted;
import com.authledger.pool.api.PoolEvent;
import com.authledger.pool.api.PoolMfaConfigured;
import com.authledger.pool.api.PoolPasswordPolicyChanged;
import com.authledger.pool.read.MfaConfigView;
import com.authledger.pool.read.PoolMfaConfigProjection;
import com.authledger.pool.read.PoolMfaConfigQueries;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The audit trail of MFA configuration changes. It runs in the same processing group as the pool projection, so
 * the configuration before a change is the pool projection's previous version row, read in the same transaction.
 * The configuration each pool's latest change left is remembered by version, which spares that read on the hot
 * path; a remembered entry is used only when it is exactly the previous version, so a retried batch or a replay
 * can never pick up a wrong one.
 *
 * <p>Password policy changes are not MFA configuration changes and get no entry here: this trail's before and after
 * are MFA configurations. Their events carry the same request metadata, so a trail of them can be projected later.
 * They do take a sequence number, which the remembered entry follows so that it stays exactly the previous version.
 */
@Component
@ProcessingGroup(PoolMfaConfigProjection.PROCESSING_GROUP)
class MfaConfigAuditProjection {

    static final String SCOPE_POOL = "pool";
    /** Stored change types: stable names, independent of the Java classes of the events. */
    static final String POOL_CREATED = "PoolCreated";
    static final String POOL_MFA_CONFIGURED = "PoolMfaConfigured";
    static final String POOL_DELETED = "PoolDeleted";

    private static final int REMEMBERED_POOLS = 10_000;

    private record Remembered(long version, String json) {
    }

    private final JdbcTemplate jdbc;
    private final PoolMfaConfigQueries configurations;
    private final ObjectMapper json;
    private final Map<String, Remembered> latest = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
            return size() > REMEMBERED_POOLS;
        }
    };

    MfaConfigAuditProjection(JdbcTemplate jdbc, PoolMfaConfigQueries configurations) {
        this.jdbc = jdbc;
        this.configurations = configurations;
        // its own mapper: the stored before/after must not change when the HTTP mapper's settings do
        this.json = new ObjectMapper();
    }

    @EventHandler
    void on(PoolCreated event, EventMessage<?> message, @SequenceNumber long version) {
        record(event, toJson(MfaConfigView.of(event.mfa())), POOL_CREATED, message, version, null, null);
    }

    @EventHandler
    void on(PoolMfaConfigured event, EventMessage<?> message, @SequenceNumber long version) {
        record(event, toJson(MfaConfigView.of(event.mfa())), POOL_MFA_CONFIGURED, message, version,
                before(event.poolId(), version), event.notifiedUsers());
    }

    /** The deletion is an entry too: before, the pool's last configuration; after, none. */
    @EventHandler
    void on(PoolDeleted event, EventMessage<?> message, @SequenceNumber long version) {
        record(event, null, POOL_DELETED, message, version, before(event.poolId(), version), null);
        synchronized (latest) {
            latest.remove(event.poolId());
        }
    }

    /** No entry; the configuration remembered at the previous sequence number still holds at this one. */
    @EventHandler
    void on(PoolPasswordPolicyChanged event, @SequenceNumber long version) {
        synchronized (latest) {
            Remembered remembered = latest.get(event.poolId());
            if (remembered != null && remembered.version() == version - 1) {
                latest.put(event.poolId(), new Remembered(version, remembered.json()));
            } else if (remembered != null) {
                latest.remove(event.poolId());
            }
        }
    }

    @ResetHandler
    void reset() {
        synchronized (latest) {
            latest.clear();
        }
        jdbc.update("DELETE FROM mfa_config_audit WHERE scope = ?", SCOPE_POOL);
    }

    private String before(String poolId, long version) {
        Remembered remembered;
        synchronized (latest) {
            remembered = latest.get(poolId);
        }
        if (remembered != null && remembered.version() == version - 1) {
            return remembered.json();
        }
        return configurations.before(poolId, version)
                .map(previous -> toJson(MfaConfigView.of(previous.configuration())))
                .orElse(null);
    }

    /** @param after the configuration as JSON, null for a deletion */
    private void record(PoolEvent event, String after, String changeType, EventMessage<?> message, long version,
                        String before, Integer notifiedUsers) {
        RequestMetadata origin = RequestMetadata.from(message.getMetaData());
        jdbc.update("INSERT INTO mfa_config_audit (event_id, pool_id, scope, change_type, occurred_at, "
                        + "actor, source_ip, user_agent, request_id, reason, version, before_config, after_config, "
                        + "notified_users) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                message.getIdentifier(), event.poolId(), SCOPE_POOL,
                changeType, SqlTime.utc(event.occurredAt()),
                origin.actor() == null ? "unknown" : origin.actor(), origin.sourceIp(), origin.userAgent(),
                origin.requestId(), origin.reason(), version, before, after, notifiedUsers);
        if (after != null) {
            synchronized (latest) {
                latest.put(event.poolId(), new Remembered(version, after));
            }
        }
    }

    private String toJson(MfaConfigView view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An MFA configuration could not be written as JSON", e);
        }
    }
}
