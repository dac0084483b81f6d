package com.authledger.user.read;

import com.authledger.infra.SqlTime;
import com.authledger.user.api.UserStatus;
import org.springframework.jdbc.core.RowMapper;

import java.time.Instant;

/** A row of user_account: contact values still sealed. */
public record UserRow(String sub, String poolId, String username, UserStatus status, Instant createdAt,
                      Instant updatedAt, long version, String sealedName, String sealedEmail, boolean emailVerified,
                      String sealedPendingEmail, String sealedPhone, boolean phoneVerified, String sealedPendingPhone,
                      boolean smsMfaEnabled, boolean smsMfaPreferred, boolean totpMfaEnabled,
                      boolean totpMfaPreferred, Instant totpEnrolledSince, String totpDeviceName,
                      boolean totpPending, int recoveryCodesLeft, long listingId) {

    static final RowMapper<UserRow> MAPPER = (rs, i) -> new UserRow(rs.getString("sub"), rs.getString("pool_id"),
            rs.getString("username"), UserStatus.valueOf(rs.getString("status")), SqlTime.instant(rs, "created_at"),
            SqlTime.instant(rs, "updated_at"), rs.getLong("version"), rs.getString("sealed_name"),
            rs.getString("sealed_email"), rs.getBoolean("email_verified"), rs.getString("sealed_pending_email"),
            rs.getString("sealed_phone"), rs.getBoolean("phone_verified"), rs.getString("sealed_pending_phone"),
            rs.getBoolean("sms_mfa_enabled"), rs.getBoolean("sms_mfa_preferred"), rs.getBoolean("totp_mfa_enabled"),
            rs.getBoolean("totp_mfa_preferred"), SqlTime.instant(rs, "totp_enrolled_since"),
            rs.getString("totp_device_name"), rs.getBoolean("totp_pending"), rs.getInt("recovery_codes_left"),
            rs.getLong("listing_id"));

    /** The user's factors; {@code phoneRegion} as {@link com.authledger.user.SignInRequirement.UserFactors} says. */
    public com.authledger.user.SignInRequirement.UserFactors factors(String phoneRegion) {
        return new com.authledger.user.SignInRequirement.UserFactors(smsMfaEnabled, phoneVerified, phoneRegion,
                totpMfaEnabled, totpEnrolledSince != null);
    }

    /** The user's MFA status: what the audit trail records before and after a user-level change. */
    public MfaStatus mfaStatus() {
        return new MfaStatus(status, smsMfaEnabled, smsMfaPreferred, totpMfaEnabled, totpMfaPreferred,
                sealedPhone != null, phoneVerified, sealedPendingPhone != null, sealedEmail != null, emailVerified,
                totpEnrolledSince, totpPending, recoveryCodesLeft);
    }
}
