package com.authledger.user.read;

import com.authledger.user.api.UserStatus;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;

/** A user's MFA status: factors enabled and preferred, the phone's verification, the authenticator, recovery codes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"status", "smsMfaEnabled", "smsMfaPreferred", "softwareTokenMfaEnabled",
        "softwareTokenMfaPreferred", "hasPhoneNumber", "phoneNumberVerified", "phoneNumberChangePending",
        "hasEmail", "emailVerified", "softwareTokenEnrolledSince", "softwareTokenPending", "recoveryCodesLeft"})
public record MfaStatus(UserStatus status, boolean smsMfaEnabled, boolean smsMfaPreferred,
                        boolean softwareTokenMfaEnabled, boolean softwareTokenMfaPreferred, boolean hasPhoneNumber,
                        boolean phoneNumberVerified, boolean phoneNumberChangePending, boolean hasEmail,
                        boolean emailVerified, Instant softwareTokenEnrolledSince, boolean softwareTokenPending,
                        int recoveryCodesLeft) {
}
