package com.authledger.api.cognito;

import com.authledger.signin.read.AuthEvent;
import com.authledger.user.UserSecrets;
import com.authledger.user.UserSecrets.Field;
import com.authledger.user.read.UserRow;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The output shapes of the admin user operations, as Cognito's model names them ({@code UserType},
 * {@code AttributeType}, {@code AuthEventType}, ...). Members in UpperCamelCase through {@link CognitoJson}; the
 * irregular ones ({@code MFAOptions}, {@code UserMFASettingList}) are named explicitly.
 */
final class UserAdminShapes {

    static final String SMS_MFA = "SMS_MFA";
    static final String SOFTWARE_TOKEN_MFA = "SOFTWARE_TOKEN_MFA";

    private UserAdminShapes() {
    }

    /** Cognito's AttributeType: {@code {"Name": "email", "Value": "..."}}. */
    record AttributeType(String name, String value) {
    }

    /** Cognito's deprecated MFAOptionType, still returned for a user with SMS MFA. */
    record MfaOptionType(String deliveryMedium, String attributeName) {
    }

    /** Cognito's UserType, the {@code User} of AdminCreateUser's answer. */
    record UserType(String username, List<AttributeType> attributes, Instant userCreateDate,
                    Instant userLastModifiedDate, Boolean enabled, String userStatus,
                    @JsonProperty("MFAOptions") List<MfaOptionType> mfaOptions) {
    }

    record AdminCreateUserResponse(UserType user) {
    }

    record AdminGetUserResponse(String username, List<AttributeType> userAttributes, Instant userCreateDate,
                                Instant userLastModifiedDate, Boolean enabled, String userStatus,
                                @JsonProperty("MFAOptions") List<MfaOptionType> mfaOptions,
                                String preferredMfaSetting,
                                @JsonProperty("UserMFASettingList") List<String> userMfaSettingList) {
    }

    /** Cognito's ChallengeResponseType: Password or Mfa, Success or Failure. */
    record ChallengeResponseType(String challengeName, String challengeResponse) {
    }

    /** Cognito's EventContextDataType, with what the service records of the caller: address and user agent. */
    record EventContextDataType(String ipAddress, String deviceName) {
    }

    /** Cognito's AuthEventType, without EventRisk and EventFeedback, which the service does not record. */
    record AuthEventType(String eventId, String eventType, Instant creationDate, String eventResponse,
                         List<ChallengeResponseType> challengeResponses, EventContextDataType eventContextData) {

        static AuthEventType of(AuthEvent event) {
            EventContextDataType context = event.ipAddress() == null && event.userAgent() == null ? null
                    : new EventContextDataType(event.ipAddress(), event.userAgent());
            return new AuthEventType(event.eventId(), event.eventType(), event.creationDate(),
                    event.eventResponse() == null ? null : event.eventResponse().name(),
                    event.challengeResponses().stream()
                            .map(step -> new ChallengeResponseType(step.challengeName(), step.challengeResponse()))
                            .toList(),
                    context);
        }
    }

    record AdminListUserAuthEventsResponse(List<AuthEventType> authEvents, String nextToken) {
    }

    /**
     * A user as the users' projection holds it, with its contact values opened: the values that serve now (a changed
     * value awaiting verification is not shown, as Cognito shows the value in force).
     */
    record UserView(UserRow row, String name, String email, String phoneNumber) {

        /** Throws DataKeyVault.KeyShredded when the user was deleted after the row was read. */
        static UserView open(UserRow row, UserSecrets secrets) {
            UserSecrets.Opener values = secrets.opener(row.sub());
            return new UserView(row, values.open(Field.NAME, row.sealedName()),
                    values.open(Field.EMAIL, row.sealedEmail()), values.open(Field.PHONE_NUMBER, row.sealedPhone()));
        }

        /** Cognito's attributes: sub first, then name, email and phone number with their verification flags. */
        List<AttributeType> attributes() {
            List<AttributeType> attributes = new ArrayList<>();
            attributes.add(new AttributeType(CognitoAttributes.SUB, row.sub()));
            if (name != null) {
                attributes.add(new AttributeType(CognitoAttributes.NAME, name));
            }
            if (email != null) {
                attributes.add(new AttributeType(CognitoAttributes.EMAIL, email));
                attributes.add(new AttributeType(CognitoAttributes.EMAIL_VERIFIED,
                        Boolean.toString(row.emailVerified())));
            }
            if (phoneNumber != null) {
                attributes.add(new AttributeType(CognitoAttributes.PHONE_NUMBER, phoneNumber));
                attributes.add(new AttributeType(CognitoAttributes.PHONE_NUMBER_VERIFIED,
                        Boolean.toString(row.phoneVerified())));
            }
            return attributes;
        }

        /** The factors the user has enabled, as Cognito's UserMFASettingList; null (left out) when none. */
        List<String> mfaSettings() {
            List<String> enabled = new ArrayList<>();
            if (row.smsMfaEnabled()) {
                enabled.add(SMS_MFA);
            }
            if (row.totpMfaEnabled()) {
                enabled.add(SOFTWARE_TOKEN_MFA);
            }
            return enabled.isEmpty() ? null : enabled;
        }

        String preferredMfa() {
            return row.smsMfaPreferred() ? SMS_MFA : row.totpMfaPreferred() ? SOFTWARE_TOKEN_MFA : null;
        }

        List<MfaOptionType> mfaOptions() {
            return row.smsMfaEnabled() ? List.of(new MfaOptionType("SMS", CognitoAttributes.PHONE_NUMBER)) : null;
        }

        UserType userType() {
            return new UserType(row.username(), attributes(), row.createdAt(), row.updatedAt(), true,
                    row.status().name(), mfaOptions());
        }

        AdminGetUserResponse adminGetUser() {
            return new AdminGetUserResponse(row.username(), attributes(), row.createdAt(), row.updatedAt(), true,
                    row.status().name(), mfaOptions(), preferredMfa(), mfaSettings());
        }
    }
}
