package com.authledger.audit;

import com.authledger.pool.read.MfaConfigView;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/**
 * One MFA configuration change in the audit trail: when, who, from where, why, and the configuration before and
 * after (JSON in the API's own shape; no before for a pool's creation, no after for its deletion).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"eventId", "occurredAt", "poolId", "scope", "change", "version", "actor", "sourceIp", "userAgent",
        "requestId", "reason", "userSub", "username", "initiatedBy", "notifiedUsers", "before", "after"})
public record AuditEntry(String eventId, Instant occurredAt, String poolId, String scope, String change, long version,
                         String actor, String sourceIp, String userAgent, String requestId, String reason,
                         String userSub, String username, String initiatedBy, Integer notifiedUsers,
                         @JsonRawValue @Schema(implementation = MfaConfigView.class) String before,
                         @JsonRawValue @Schema(implementation = MfaConfigView.class) String after,
                         @com.fasterxml.jackson.annotation.JsonIgnore long position) {
}
