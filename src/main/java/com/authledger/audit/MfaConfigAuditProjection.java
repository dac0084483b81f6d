package com.authledger.audit;

import com.authledger.infra.RequestMetadata;
import com.authledger.infra.SqlTime;
import com.authledger.pool.api.PoolCreated;
import com.authledger.pool.api.PoolEvent;
import com.authledger.pool.api.PoolMfaConfigured;
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

/**
 * The audit trail of MFA configuration changes. It runs in the same processing group as the pool projection, so
 * the configuration before a change is the pool projection's previous version row, read in the same transaction.
 */
@Component
@ProcessingGroup(PoolMfaConfigProjection.PROCESSING_GROUP)
class MfaConfigAuditProjection {

    static final String SCOPE_POOL = "pool";

    private final JdbcTemplate jdbc;
    private final PoolMfaConfigQueries configurations;
    private final ObjectMapper json;

    MfaConfigAuditProjection(JdbcTemplate jdbc, PoolMfaConfigQueries configurations, ObjectMapper json) {
        this.jdbc = jdbc;
        this.configurations = configurations;
        this.json = json;
    }

    @EventHandler
    void on(PoolCreated event, EventMessage<?> message, @SequenceNumber long version) {
        record(event, message, version, null);
    }

    @EventHandler
    void on(PoolMfaConfigured event, EventMessage<?> message, @SequenceNumber long version) {
        String before = configurations.version(event.poolId(), version - 1)
                .map(previous -> toJson(MfaConfigView.of(previous.configuration())))
                .orElse(null);
        record(event, message, version, before);
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM mfa_config_audit");
    }

    private void record(PoolEvent event, EventMessage<?> message, long version, String before) {
        RequestMetadata origin = RequestMetadata.from(message.getMetaData());
        jdbc.update("INSERT INTO mfa_config_audit (event_id, pool_id, scope, change_type, occurred_at, "
                        + "actor, source_ip, user_agent, request_id, reason, version, before_config, after_config) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                message.getIdentifier(), event.poolId(), SCOPE_POOL,
                event.getClass().getSimpleName(), SqlTime.utc(event.occurredAt()),
                origin.actor() == null ? "unknown" : origin.actor(), origin.sourceIp(), origin.userAgent(),
                origin.requestId(), origin.reason(), version, before,
                toJson(MfaConfigView.of(event.mfa().toConfiguration())));
    }

    private String toJson(MfaConfigView view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An MFA configuration could not be written as JSON", e);
        }
    }
}
