package com.authledger.api.rest;

import com.authledger.pool.MfaConfiguration;
import com.authledger.user.Results.CodeDelivery;
import com.authledger.user.SignInRequirement;
import com.authledger.user.UserSecrets;
import com.authledger.user.UserSecrets.Field;
import com.authledger.user.api.UserStatus;
import com.authledger.user.read.MfaStatus;
import com.authledger.user.read.UserRow;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/** The response bodies of the user API. */
final class UserResponses {

    private UserResponses() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UserResponse(String sub, String username, UserStatus status, Instant createdAt, Instant updatedAt,
                        AttributesResponse attributes, MfaResponse mfa, SignInRequirement signIn) {

        static UserResponse registered(com.authledger.user.Results.Registration registration) {
            return new UserResponse(registration.sub(), registration.username(), registration.status(), null, null,
                    null, null, null);
        }

        /** Empty when the user's data key was shredded after the projection read the row (deleted meanwhile). */
        static java.util.Optional<UserResponse> readable(UserRow row, UserSecrets secrets, MfaConfiguration pool) {
            try {
                return java.util.Optional.of(of(row, secrets, pool));
            } catch (com.authledger.secrets.DataKeyVault.KeyShredded deletedMeanwhile) {
                return java.util.Optional.empty();
            }
        }

        /** {@code pool}: the pool's current configuration, which decides which enabled factors are usable. */
        static UserResponse of(UserRow row, UserSecrets secrets, MfaConfiguration pool) {
            UserSecrets.Opener values = secrets.opener(row.sub());
            String phone = values.open(Field.PHONE_NUMBER, row.sealedPhone());
            return new UserResponse(row.sub(), row.username(), row.status(), row.createdAt(), row.updatedAt(),
                    new AttributesResponse(values.open(Field.NAME, row.sealedName()),
                            values.open(Field.EMAIL, row.sealedEmail()), row.emailVerified(),
                            values.open(Field.EMAIL, row.sealedPendingEmail()), phone, row.phoneVerified(),
                            values.open(Field.PHONE_NUMBER, row.sealedPendingPhone())),
                    MfaResponse.of(row), SignInRequirement.of(pool, row.factors(
                            // the number's country matters only under an SMS country list
                            phone == null || pool.smsCountries().allowsAll() ? null
                                    : com.authledger.pool.SmsCountries.regionOf(phone))));
        }
    }

    /** Contact values as they serve now; a changed value awaiting verification is shown apart. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AttributesResponse(String name, String email, boolean emailVerified, String pendingEmail,
                              String phoneNumber, boolean phoneNumberVerified, String pendingPhoneNumber) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MfaResponse(FactorResponse sms, SoftwareTokenResponse softwareToken, String preferredMfa,
                       int recoveryCodesLeft) {
        static MfaResponse of(UserRow row) {
            MfaStatus s = row.mfaStatus();
            String preferred = s.smsMfaPreferred() ? "SMS_MFA" : s.softwareTokenMfaPreferred() ? "SOFTWARE_TOKEN_MFA"
                    : null;
            return new MfaResponse(new FactorResponse(s.smsMfaEnabled(), s.smsMfaPreferred()),
                    new SoftwareTokenResponse(s.softwareTokenMfaEnabled(), s.softwareTokenMfaPreferred(),
                            s.softwareTokenEnrolledSince() != null, s.softwareTokenEnrolledSince(),
                            row.totpDeviceName(), s.softwareTokenPending()),
                    preferred, s.recoveryCodesLeft());
        }
    }

    record FactorResponse(boolean enabled, boolean preferred) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SoftwareTokenResponse(boolean enabled, boolean preferred, boolean verified, Instant enrolledSince,
                                 String friendlyDeviceName, boolean associationPending) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SignUpResponse(String sub, String username, UserStatus status, boolean userConfirmed,
                          CodeDeliveryResponse codeDeliveryDetails) {
    }

    /** Cognito's CodeDeliveryDetails. */
    record CodeDeliveryResponse(String deliveryMedium, String destination, String attributeName) {
        static CodeDeliveryResponse of(CodeDelivery delivery) {
            return delivery == null ? null : new CodeDeliveryResponse(delivery.deliveryMedium().name(),
                    delivery.destination(), delivery.attribute().attribute());
        }
    }

    record Accepted(String message) {
    }
}
