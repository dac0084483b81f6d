package com.authledger.pool.read;

import com.authledger.pool.PoolContext;
import com.authledger.pool.PoolDirectory;
import com.authledger.pool.VerificationSettings;
import com.authledger.pool.read.PoolMfaConfigQueries.PasswordPolicyColumns;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * {@link PoolDirectory} on the pool projection: the pool row and its current MFA configuration version (the one
 * without valid_to), joined in one indexed query. As fresh as the projection, which trails the pool's events by its
 * lag (see {@link PoolContext}). Stored values are trusted, not validated again.
 */
@Component
class ProjectedPoolDirectory implements PoolDirectory {

    private static final String QUERY = "SELECT p.pool_id, p.name, p.auto_verified_attributes, "
            + "p.verification_sms_message, p.verification_email_message, "
            + "p.password_minimum_length, p.password_require_uppercase, p.password_require_lowercase, "
            + "p.password_require_numbers, p.password_require_symbols, "
            + "v.mfa_mode, v.sms_enabled, v.sms_message, v.totp_enabled, v.adaptive_enabled, "
            + "v.sender_credentials_ref, v.sender_external_id, v.sender_region, v.sms_countries "
            + "FROM pool p JOIN pool_mfa_config_version v ON v.pool_id = p.pool_id AND v.valid_to IS NULL "
            + "WHERE p.pool_id = ? ORDER BY v.version DESC FETCH FIRST 1 ROWS ONLY";

    private static final RowMapper<PoolContext> CONTEXT = (rs, row) -> new PoolContext(rs.getString("pool_id"),
            rs.getString("name"), PoolMfaConfigQueries.configuration(rs),
            new VerificationSettings(PoolMfaConfigQueries.autoVerifiedAttributes(rs),
                    rs.getString("verification_sms_message"), rs.getString("verification_email_message")),
            PasswordPolicyColumns.read(rs));

    private final JdbcTemplate jdbc;

    ProjectedPoolDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<PoolContext> pool(String poolId) {
        if (poolId == null) {
            return Optional.empty();
        }
        return jdbc.query(QUERY, CONTEXT, poolId).stream().findFirst();
    }
}
