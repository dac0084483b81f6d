package com.authledger.pool.read;

import com.authledger.infra.SqlTime;
import com.authledger.pool.MfaConfiguration;
import com.authledger.pool.MfaMode;
import com.authledger.pool.SmsMfa;
import com.authledger.pool.SmsSender;
import com.authledger.shared.Page;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads of the pool projection: pools, and their MFA configuration now or at any instant. */
@Component
public class PoolMfaConfigQueries {

    private static final String VERSION_COLUMNS = "pool_id, version, valid_from, valid_to, mfa_mode, sms_enabled, "
            + "sms_message, totp_enabled, adaptive_enabled, sender_credentials_ref, sender_external_id, sender_region";
    private static final String POOL_COLUMNS = "pool_id, name, created_at, created_by, auto_verified_attributes, "
            + "verification_sms_message, verification_email_message, listing_id";

    private static final RowMapper<MfaConfigVersion> VERSION = (rs, row) -> {
        String credentialsRef = rs.getString("sender_credentials_ref");
        SmsSender sender = credentialsRef == null ? null
                : new SmsSender(credentialsRef, rs.getString("sender_external_id"), rs.getString("sender_region"));
        MfaConfiguration configuration = new MfaConfiguration(MfaMode.valueOf(rs.getString("mfa_mode")),
                new SmsMfa(rs.getBoolean("sms_enabled"), rs.getString("sms_message")), rs.getBoolean("totp_enabled"),
                rs.getBoolean("adaptive_enabled"), sender);
        return new MfaConfigVersion(rs.getString("pool_id"), rs.getLong("version"), SqlTime.instant(rs, "valid_from"),
                SqlTime.instant(rs, "valid_to"), configuration);
    };

    private static final RowMapper<PoolSummary> POOL = (rs, row) -> {
        String attributes = rs.getString("auto_verified_attributes");
        return new PoolSummary(rs.getString("pool_id"), rs.getString("name"), SqlTime.instant(rs, "created_at"),
                rs.getString("created_by"),
                attributes.isEmpty() ? List.of() : Arrays.asList(attributes.split(",")),
                rs.getString("verification_sms_message"), rs.getString("verification_email_message"),
                rs.getLong("listing_id"));
    };

    private final JdbcTemplate jdbc;

    PoolMfaConfigQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<PoolSummary> pool(String poolId) {
        return jdbc.query("SELECT " + POOL_COLUMNS + " FROM pool WHERE pool_id = ?", POOL, poolId).stream().findFirst();
    }

    public Page<PoolSummary> pools(int size, long after) {
        List<PoolSummary> rows = jdbc.query("SELECT " + POOL_COLUMNS + " FROM pool WHERE listing_id > ? "
                + "ORDER BY listing_id FETCH FIRST ? ROWS ONLY", POOL, after, size + 1);
        return Page.of(rows, size, PoolSummary::position);
    }

    public Optional<MfaConfigVersion> current(String poolId) {
        return jdbc.query("SELECT " + VERSION_COLUMNS + " FROM pool_mfa_config_version "
                + "WHERE pool_id = ? AND valid_to IS NULL", VERSION, poolId).stream().findFirst();
    }

    /** The configuration in force at {@code instant}: valid_from &lt;= instant &lt; valid_to. */
    public Optional<MfaConfigVersion> asOf(String poolId, Instant instant) {
        return jdbc.query("SELECT " + VERSION_COLUMNS + " FROM pool_mfa_config_version "
                        + "WHERE pool_id = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?) "
                        + "ORDER BY version DESC FETCH FIRST 1 ROWS ONLY",
                VERSION, poolId, SqlTime.utc(instant), SqlTime.utc(instant)).stream().findFirst();
    }

    public Optional<MfaConfigVersion> version(String poolId, long version) {
        return jdbc.query("SELECT " + VERSION_COLUMNS + " FROM pool_mfa_config_version "
                + "WHERE pool_id = ? AND version = ?", VERSION, poolId, version).stream().findFirst();
    }
}
