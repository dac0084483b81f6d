package com.authledger.user.read;

import com.authledger.infra.RequestMetadata;
import com.authledger.infra.SqlTime;
import com.authledger.user.api.Contact;
import com.authledger.user.api.UserEvent;
import com.authledger.user.api.UserEvent.CodeRejected;
import com.authledger.user.api.UserEvent.CodeSent;
import com.authledger.user.api.UserEvent.ContactChanged;
import com.authledger.user.api.UserEvent.ContactRemoved;
import com.authledger.user.api.UserEvent.ContactVerified;
import com.authledger.user.api.UserEvent.MfaPreferenceChanged;
import com.authledger.user.api.UserEvent.NameChanged;
import com.authledger.user.api.UserEvent.PasswordChanged;
import com.authledger.user.api.UserEvent.PasswordResetRefused;
import com.authledger.user.api.UserEvent.PasswordResetRequired;
import com.authledger.user.api.UserEvent.RecoveryCodeRedeemed;
import com.authledger.user.api.UserEvent.RecoveryCodesGenerated;
import com.authledger.user.api.UserEvent.SignUpConfirmed;
import com.authledger.user.api.UserEvent.SoftwareTokenAssociated;
import com.authledger.user.api.UserEvent.SoftwareTokenCodeRejected;
import com.authledger.user.api.UserEvent.SoftwareTokenReset;
import com.authledger.user.api.UserEvent.SoftwareTokenVerified;
import com.authledger.user.api.UserEvent.UserDeleted;
import com.authledger.user.api.UserEvent.UserRegistered;
import com.authledger.user.api.UserStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Users and their MFA status (user_account), and the user-level entries of the audit trail: who enabled, disabled or
 * reset a factor, verified or changed a phone number, reset a password, and whether an admin or the user did it,
 * with the MFA status before and after. Contact values are copied sealed; they are opened only when read.
 */
@Component
@ProcessingGroup(UserMfaStatusProjection.PROCESSING_GROUP)
public class UserMfaStatusProjection {

    public static final String PROCESSING_GROUP = "user-mfa-status";
    static final String SCOPE_USER = "user";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    UserMfaStatusProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UserEvent event, EventMessage<?> message, @SequenceNumber long version) {
        String changeType = auditedChange(event);
        Optional<UserRow> before = changeType == null ? Optional.empty() : row(event.sub());
        project(event);
        if (!(event instanceof UserRegistered) && !(event instanceof UserDeleted)) {
            jdbc.update("UPDATE user_account SET version = ?, updated_at = ? WHERE sub = ?", version,
                    SqlTime.utc(event.occurredAt()), event.sub());
        }
        if (changeType != null) {
            audit(event, changeType, message, version, before, row(event.sub()));
        }
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM user_account");
        jdbc.update("DELETE FROM mfa_config_audit WHERE scope = ?", SCOPE_USER);
    }

    private void project(UserEvent event) {
        String sub = event.sub();
        if (event instanceof UserRegistered e) {
            jdbc.update("INSERT INTO user_account (sub, pool_id, username, status, created_at, updated_at, version, "
                            + "sealed_name, email_verified, phone_verified, sms_mfa_enabled, sms_mfa_preferred, "
                            + "totp_mfa_enabled, totp_mfa_preferred, totp_pending, recovery_codes_left) "
                            + "VALUES (?, ?, ?, ?, ?, ?, 0, ?, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, 0)",
                    sub, e.poolId(), e.username(), e.status().name(), SqlTime.utc(e.occurredAt()),
                    SqlTime.utc(e.occurredAt()), e.sealedName());
        } else if (event instanceof ContactChanged e) {
            String column = column(e.contact());
            if (e.pending()) {
                jdbc.update("UPDATE user_account SET sealed_pending_" + column + " = ? WHERE sub = ?",
                        e.sealedValue(), sub);
            } else {
                jdbc.update("UPDATE user_account SET sealed_" + column + " = ?, " + column + "_verified = ?, "
                        + "sealed_pending_" + column + " = NULL WHERE sub = ?", e.sealedValue(), e.verified(), sub);
            }
        } else if (event instanceof ContactVerified e) {
            String column = column(e.contact());
            jdbc.update("UPDATE user_account SET sealed_" + column + " = COALESCE(sealed_pending_" + column
                    + ", sealed_" + column + "), " + column + "_verified = TRUE, sealed_pending_" + column
                    + " = NULL WHERE sub = ?", sub);
        } else if (event instanceof ContactRemoved e) {
            String column = column(e.contact());
            jdbc.update("UPDATE user_account SET sealed_" + column + " = NULL, " + column + "_verified = FALSE, "
                    + "sealed_pending_" + column + " = NULL WHERE sub = ?", sub);
        } else if (event instanceof NameChanged e) {
            jdbc.update("UPDATE user_account SET sealed_name = ? WHERE sub = ?", e.sealedName(), sub);
        } else if (event instanceof SignUpConfirmed) {
            status(sub, UserStatus.CONFIRMED);
        } else if (event instanceof PasswordChanged e) {
            status(sub, e.temporary() ? UserStatus.FORCE_CHANGE_PASSWORD : UserStatus.CONFIRMED);
        } else if (event instanceof PasswordResetRequired) {
            status(sub, UserStatus.RESET_REQUIRED);
        } else if (event instanceof SoftwareTokenAssociated) {
            jdbc.update("UPDATE user_account SET totp_pending = TRUE WHERE sub = ?", sub);
        } else if (event instanceof SoftwareTokenVerified e) {
            jdbc.update("UPDATE user_account SET totp_pending = FALSE, totp_enrolled_since = ?, totp_device_name = ?, "
                            + "totp_mfa_enabled = (totp_mfa_enabled OR ?) WHERE sub = ?",
                    SqlTime.utc(e.occurredAt()), e.friendlyDeviceName(), e.totpEnabled(), sub);
        } else if (event instanceof SoftwareTokenCodeRejected e && e.voided()) {
            jdbc.update("UPDATE user_account SET totp_pending = FALSE WHERE sub = ?", sub);
        } else if (event instanceof SoftwareTokenReset) {
            jdbc.update("UPDATE user_account SET totp_pending = FALSE, totp_enrolled_since = NULL, "
                    + "totp_device_name = NULL, totp_mfa_enabled = FALSE, totp_mfa_preferred = FALSE WHERE sub = ?",
                    sub);
        } else if (event instanceof MfaPreferenceChanged e) {
            jdbc.update("UPDATE user_account SET sms_mfa_enabled = ?, sms_mfa_preferred = ?, totp_mfa_enabled = ?, "
                            + "totp_mfa_preferred = ? WHERE sub = ?", e.smsEnabled(), e.smsPreferred(),
                    e.totpEnabled(), e.totpPreferred(), sub);
        } else if (event instanceof RecoveryCodesGenerated e) {
            jdbc.update("UPDATE user_account SET recovery_codes_left = ? WHERE sub = ?", e.codeMacs().size(), sub);
        } else if (event instanceof RecoveryCodeRedeemed) {
            jdbc.update("UPDATE user_account SET recovery_codes_left = recovery_codes_left - 1 WHERE sub = ?", sub);
        } else if (event instanceof UserDeleted) {
            jdbc.update("DELETE FROM user_account WHERE sub = ?", sub);
        }
    }

    /** The change types the audit trail records (stable names), or null for events it does not record. */
    static String auditedChange(UserEvent event) {
        if (event instanceof ContactChanged e) {
            return prefix(e.contact()) + (e.pending() ? "ChangeRequested" : "Changed");
        } else if (event instanceof ContactVerified e) {
            return prefix(e.contact()) + "Verified";
        } else if (event instanceof ContactRemoved e) {
            return prefix(e.contact()) + "Removed";
        } else if (event instanceof CodeSent || event instanceof CodeRejected || event instanceof NameChanged
                || event instanceof SoftwareTokenAssociated || event instanceof SoftwareTokenCodeRejected
                || event instanceof UserEvent.SoftwareTokenCodeAccepted
                // sign-in steps are the sign-in history's (auth events), not configuration changes
                || event instanceof UserEvent.SignInStepFailed || event instanceof UserEvent.SignInFailuresCleared) {
            return null;
        }
        return event.getClass().getSimpleName();
    }

    private void audit(UserEvent event, String changeType, EventMessage<?> message, long version,
                       Optional<UserRow> before, Optional<UserRow> after) {
        RequestMetadata origin = RequestMetadata.from(message.getMetaData());
        Optional<UserRow> known = after.or(() -> before);
        ObjectNode afterJson = after.map(row -> (ObjectNode) json.valueToTree(row.mfaStatus()))
                .orElseGet(() -> json.createObjectNode().put("status", "DELETED"));
        if (event instanceof PasswordResetRefused refused) {
            afterJson.put("resetRefused", refused.reason());
        } else if (event instanceof PasswordChanged changed) {
            afterJson.put("passwordChange", changed.reason().name());
        } else if (event instanceof ContactVerified verified) {
            afterJson.put("verifiedThrough", verified.through().name());
        }
        jdbc.update("INSERT INTO mfa_config_audit (event_id, pool_id, scope, change_type, occurred_at, actor, "
                        + "source_ip, user_agent, request_id, reason, version, before_config, after_config, user_sub, "
                        + "username, initiated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                message.getIdentifier(), event.poolId(), SCOPE_USER, changeType, SqlTime.utc(event.occurredAt()),
                origin.actor() == null ? "unknown" : origin.actor(), origin.sourceIp(), origin.userAgent(),
                origin.requestId(), origin.reason(), version,
                before.map(row -> toJson(json.valueToTree(row.mfaStatus()))).orElse(null), toJson(afterJson),
                event.sub(), event instanceof UserDeleted deleted ? deleted.username()
                        : known.map(UserRow::username).orElse(null), initiator(event));
    }

    private static String initiator(UserEvent event) {
        return event instanceof UserEvent.Initiated initiated ? initiated.by().name() : null;
    }

    private Optional<UserRow> row(String sub) {
        return jdbc.query("SELECT * FROM user_account WHERE sub = ?", UserRow.MAPPER, sub).stream().findFirst();
    }

    private void status(String sub, UserStatus status) {
        jdbc.update("UPDATE user_account SET status = ? WHERE sub = ?", status.name(), sub);
    }

    private static String column(Contact contact) {
        return contact == Contact.PHONE_NUMBER ? "phone" : "email";
    }

    private static String prefix(Contact contact) {
        return contact == Contact.PHONE_NUMBER ? "PhoneNumber" : "Email";
    }

    private String toJson(Object node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A user's MFA status could not be written as JSON", e);
        }
    }
}
