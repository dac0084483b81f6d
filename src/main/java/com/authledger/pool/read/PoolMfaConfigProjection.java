package com.authledger.pool.read;

import com.authledger.infra.RequestMetadata;
import com.authledger.infra.SqlTime;
import com.authledger.pool.PasswordPolicy;
import com.authledger.pool.api.MfaSettings;
import com.authledger.pool.api.PasswordPolicySettings;
import com.authledger.pool.api.PoolCreated;
import com.authledger.pool.api.PoolDeleted;
import com.authledger.pool.api.PoolMfaConfigured;
import com.authledger.pool.api.PoolPasswordPolicyChanged;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Pools (with their password policy) and every MFA configuration each one ever had, as rows valid over
 * [valid_from, valid_to), so that the configuration at any instant is one indexed lookup rather than a re-read of
 * the event store. A configuration's version is the sequence number of the pool event that set it; a password
 * policy change takes a sequence number too, so consecutive configurations need not have consecutive versions.
 * A deleted pool has no row in pool and no open configuration; its closed configuration rows remain as history.
 */
@Component
@ProcessingGroup(PoolMfaConfigProjection.PROCESSING_GROUP)
public class PoolMfaConfigProjection {

    public static final String PROCESSING_GROUP = "pool-mfa-config";

    private final JdbcTemplate jdbc;

    PoolMfaConfigProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(PoolCreated event, @SequenceNumber long version, @MetaDataValue(RequestMetadata.ACTOR) String actor) {
        PasswordPolicy policy = PasswordPolicySettings.toPolicyOrDefaults(event.passwordPolicy());
        jdbc.update("INSERT INTO pool (pool_id, name, created_at, created_by, auto_verified_attributes, "
                        + "verification_sms_message, verification_email_message, password_minimum_length, "
                        + "password_require_uppercase, password_require_lowercase, password_require_numbers, "
                        + "password_require_symbols, password_policy_version, last_modified_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                event.poolId(), event.name(), SqlTime.utc(event.occurredAt()), actor,
                String.join(",", event.autoVerifiedAttributes()), event.verificationSmsMessage(),
                event.verificationEmailMessage(), policy.minimumLength(), policy.requireUppercase(),
                policy.requireLowercase(), policy.requireNumbers(), policy.requireSymbols(), version,
                SqlTime.utc(event.occurredAt()));
        insertVersion(event.poolId(), version, event.occurredAt(), event.mfa());
    }

    @EventHandler
    void on(PoolMfaConfigured event, @SequenceNumber long version) {
        OffsetDateTime validTo = SqlTime.utc(event.occurredAt());
        // Usually the previous configuration is the previous event (one primary-key lookup); after a password policy
        // change it is the open row with a lower version.
        int closed = jdbc.update("UPDATE pool_mfa_config_version SET valid_to = ? "
                + "WHERE pool_id = ? AND version = ? AND valid_to IS NULL", validTo, event.poolId(), version - 1);
        if (closed == 0) {
            jdbc.update("UPDATE pool_mfa_config_version SET valid_to = ? "
                    + "WHERE pool_id = ? AND version < ? AND valid_to IS NULL", validTo, event.poolId(), version);
        }
        insertVersion(event.poolId(), version, event.occurredAt(), event.mfa());
        jdbc.update("UPDATE pool SET last_modified_at = ? WHERE pool_id = ?", validTo, event.poolId());
    }

    @EventHandler
    void on(PoolPasswordPolicyChanged event, @SequenceNumber long version) {
        PasswordPolicy policy = PasswordPolicySettings.toPolicyOrDefaults(event.passwordPolicy());
        jdbc.update("UPDATE pool SET password_minimum_length = ?, password_require_uppercase = ?, "
                        + "password_require_lowercase = ?, password_require_numbers = ?, password_require_symbols = ?, "
                        + "password_policy_version = ?, last_modified_at = ? WHERE pool_id = ?",
                policy.minimumLength(), policy.requireUppercase(), policy.requireLowercase(), policy.requireNumbers(),
                policy.requireSymbols(), version, SqlTime.utc(event.occurredAt()), event.poolId());
    }

    /**
     * The pool leaves the listing and every lookup; its configuration history stays, the last configuration closed
     * at the deletion, so the audit trail's "before" of the deletion and any earlier instant still read back.
     */
    @EventHandler
    void on(PoolDeleted event) {
        jdbc.update("UPDATE pool_mfa_config_version SET valid_to = ? WHERE pool_id = ? AND valid_to IS NULL",
                SqlTime.utc(event.occurredAt()), event.poolId());
        jdbc.update("DELETE FROM pool WHERE pool_id = ?", event.poolId());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM pool_mfa_config_version");
        jdbc.update("DELETE FROM pool");
    }

    private void insertVersion(String poolId, long version, Instant validFrom, MfaSettings mfa) {
        jdbc.update("INSERT INTO pool_mfa_config_version (pool_id, version, valid_from, mfa_mode, sms_enabled, "
                        + "sms_message, totp_enabled, adaptive_enabled, sender_credentials_ref, sender_external_id, "
                        + "sender_region, sms_countries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                poolId, version, SqlTime.utc(validFrom), mfa.mode(), mfa.smsEnabled(), mfa.smsMessage(),
                mfa.totpEnabled(), mfa.adaptiveEnabled(), mfa.senderCredentialsRef(), mfa.senderExternalId(),
                mfa.senderRegion(), mfa.smsCountries() == null ? null : String.join(",", mfa.smsCountries()));
    }
}
