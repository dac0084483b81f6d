package com.authledger.pool.read;

import com.authledger.infra.SqlTime;
import com.authledger.pool.MfaConfiguration;
import com.authledger.pool.MfaMode;
import com.authledger.pool.PasswordPolicy;
import com.authledger.pool.SmsCountries;
import com.authledger.pool.SmsMfa;
import com.authledger.pool.SmsSender;
import com.authledger.shared.Page;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads of the pool projection: pools, their password policy, and their MFA configuration now or at any instant. */
@Component
public class PoolMfaConfigQueries {

    private static final String VERSION_COLUMNS = "pool_id, version, valid_from, valid_to, mfa_mode, sms_enabled, "
            + "sms_message, totp_enabled, adaptive_enabled, sender_credentials_ref, sender_external_id, sender_region, "
            + "sms_countries";
    private static final String POOL_COLUMNS = "pool_id, name, created_at, created_by, auto_verified_attributes, "
            + "verification_sms_message, verification_email_message, " + PasswordPolicyColumns.LIST
            + ", password_policy_version, listing_id, last_modified_at";

    private static final RowMapper<MfaConfigVersion> VERSION = (rs, row) ->
            new MfaConfigVersion(rs.getString("pool_id"), rs.getLong("version"), SqlTime.instant(rs, "valid_from"),
                    SqlTime.instant(rs, "valid_to"), configuration(rs));

    private static final RowMapper<PoolSummary> POOL = (rs, row) ->
            new PoolSummary(rs.getString("pool_id"), rs.getString("name"), SqlTime.instant(rs, "created_at"),
                    rs.getString("created_by"), autoVerifiedAttributes(rs),
                    rs.getString("verification_sms_message"), rs.getString("verification_email_message"),
                    PasswordPolicyColumns.read(rs), rs.getLong("password_policy_version"), rs.getLong("listing_id"),
                    SqlTime.instant(rs, "last_modified_at"));

    /** The MFA configuration of a pool_mfa_config_version row (trusted as stored, not validated again). */
    static MfaConfiguration configuration(ResultSet rs) throws SQLException {
        String credentialsRef = rs.getString("sender_credentials_ref");
        SmsSender sender = credentialsRef == null ? null
                : new SmsSender(credentialsRef, rs.getString("sender_external_id"), rs.getString("sender_region"));
        return new MfaConfiguration(MfaMode.valueOf(rs.getString("mfa_mode")),
                new SmsMfa(rs.getBoolean("sms_enabled"), rs.getString("sms_message")), rs.getBoolean("totp_enabled"),
                rs.getBoolean("adaptive_enabled"), sender, smsCountries(rs.getString("sms_countries")));
    }

    private static SmsCountries smsCountries(String column) {
        return column == null ? SmsCountries.ALL : new SmsCountries(Arrays.asList(column.split(",")));
    }

    static List<String> autoVerifiedAttributes(ResultSet rs) throws SQLException {
        String attributes = rs.getString("auto_verified_attributes");
        return attributes.isEmpty() ? List.of() : Arrays.asList(attributes.split(","));
    }

    /** The password policy columns of the pool table. */
    static final class PasswordPolicyColumns {

        static final String LIST = "password_minimum_length, password_require_uppercase, "
                + "password_require_lowercase, password_require_numbers, password_require_symbols";

        private PasswordPolicyColumns() {
        }

        static PasswordPolicy read(ResultSet rs) throws SQLException {
            return new PasswordPolicy(rs.getInt("password_minimum_length"), rs.getBoolean("password_require_uppercase"),
                    rs.getBoolean("password_require_lowercase"), rs.getBoolean("password_require_numbers"),
                    rs.getBoolean("password_require_symbols"));
        }
    }

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

    /**
     * The configuration that {@code version} replaced: the one with the highest lower version (versions are the
     * pool's event sequence numbers, and a password policy change takes one too).
     */
    public Optional<MfaConfigVersion> before(String poolId, long version) {
        return jdbc.query("SELECT " + VERSION_COLUMNS + " FROM pool_mfa_config_version "
                        + "WHERE pool_id = ? AND version < ? ORDER BY version DESC FETCH FIRST 1 ROWS ONLY",
                VERSION, poolId, version).stream().findFirst();
    }
}
