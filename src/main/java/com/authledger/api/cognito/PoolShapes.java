package com.authledger.api.cognito;

import com.authledger.client.api.AppClientSettings;
import com.authledger.client.api.AuthFlow;
import com.authledger.pool.MfaConfiguration;
import com.authledger.pool.MfaMode;
import com.authledger.pool.PasswordPolicy;
import com.authledger.pool.SmsSender;

import java.time.Instant;
import java.util.List;

/**
 * The output shapes of the pool and app client operations, as Cognito names their members (botocore's cognito-idp
 * service model: UserPoolType, UserPoolDescriptionType, UserPoolClientType, SmsMfaConfigType, SmsConfigurationType,
 * PasswordPolicyType). {@link CognitoJson} writes component {@code userPool} as {@code UserPool}; null members are
 * left out. Secrets appear only in {@link UserPoolClient#clientSecret()}, for admin access keys.
 */
final class PoolShapes {

    private PoolShapes() {
    }

    /** Cognito's UserPoolMfaType: ON is authledger's REQUIRED. */
    enum UserPoolMfaType {
        OFF, ON, OPTIONAL;

        static UserPoolMfaType of(MfaMode mode) {
            return switch (mode) {
                case OFF -> OFF;
                case OPTIONAL -> OPTIONAL;
                case REQUIRED -> ON;
            };
        }

        MfaMode toMode() {
            return switch (this) {
                case OFF -> MfaMode.OFF;
                case OPTIONAL -> MfaMode.OPTIONAL;
                case ON -> MfaMode.REQUIRED;
            };
        }
    }

    /** CreateUserPool's and DescribeUserPool's answer. */
    record UserPoolOutput(UserPool userPool) {
    }

    /** Cognito's UserPoolType, the members authledger has. */
    record UserPool(String id, String name, String arn, Instant creationDate, Instant lastModifiedDate,
                    String mfaConfiguration, SmsConfiguration smsConfiguration, String smsAuthenticationMessage,
                    Policies policies, List<String> autoVerifiedAttributes, String smsVerificationMessage,
                    String emailVerificationMessage, Integer estimatedNumberOfUsers) {
    }

    /** Cognito's SmsConfigurationType: authledger's SMS sender. */
    record SmsConfiguration(String snsCallerArn, String externalId, String snsRegion) {
        static SmsConfiguration of(SmsSender sender) {
            return sender == null ? null
                    : new SmsConfiguration(sender.credentialsRef(), sender.externalId(), sender.region());
        }
    }

    record Policies(PasswordPolicyShape passwordPolicy) {
    }

    /** Cognito's PasswordPolicyType, without the members authledger has no setting for. */
    record PasswordPolicyShape(int minimumLength, boolean requireUppercase, boolean requireLowercase,
                               boolean requireNumbers, boolean requireSymbols) {
        static PasswordPolicyShape of(PasswordPolicy policy) {
            return new PasswordPolicyShape(policy.minimumLength(), policy.requireUppercase(),
                    policy.requireLowercase(), policy.requireNumbers(), policy.requireSymbols());
        }
    }

    record ListUserPoolsOutput(List<UserPoolDescription> userPools, String nextToken) {
    }

    /** Cognito's UserPoolDescriptionType. */
    record UserPoolDescription(String id, String name, Instant creationDate, Instant lastModifiedDate) {
    }

    /** SetUserPoolMfaConfig's and GetUserPoolMfaConfig's answer. */
    record MfaConfigOutput(SmsMfaConfig smsMfaConfiguration, SoftwareTokenMfaConfig softwareTokenMfaConfiguration,
                           String mfaConfiguration) {
        static MfaConfigOutput of(MfaConfiguration configuration) {
            SmsMfaConfig sms = configuration.sms().enabled()
                    ? new SmsMfaConfig(configuration.sms().message(), SmsConfiguration.of(configuration.smsSender()))
                    : null;
            return new MfaConfigOutput(sms, new SoftwareTokenMfaConfig(configuration.totpEnabled()),
                    UserPoolMfaType.of(configuration.mode()).name());
        }
    }

    /** Cognito's SmsMfaConfigType. */
    record SmsMfaConfig(String smsAuthenticationMessage, SmsConfiguration smsConfiguration) {
    }

    /** Cognito's SoftwareTokenMfaConfigType. */
    record SoftwareTokenMfaConfig(boolean enabled) {
    }

    /** CreateUserPoolClient's and DescribeUserPoolClient's answer. */
    record UserPoolClientOutput(UserPoolClient userPoolClient) {
    }

    /**
     * Cognito's UserPoolClientType without OAuth. Token validities are reported in minutes, as authledger keeps them.
     *
     * @param clientSecret only for admin access keys, and only for a client with a secret
     */
    record UserPoolClient(String userPoolId, String clientName, String clientId, String clientSecret,
                          Instant lastModifiedDate, Instant creationDate, int refreshTokenValidity,
                          int accessTokenValidity, int idTokenValidity, TokenValidityUnits tokenValidityUnits,
                          List<String> explicitAuthFlows, int authSessionValidity, boolean enableTokenRevocation) {

        static UserPoolClient of(String poolId, String clientId, AppClientSettings settings, String clientSecret,
                                 Instant createdAt, Instant lastModifiedAt) {
            return new UserPoolClient(poolId, settings.name(), clientId, clientSecret, lastModifiedAt, createdAt,
                    settings.refreshTokenValidityMinutes(), settings.accessTokenValidityMinutes(),
                    settings.idTokenValidityMinutes(), TokenValidityUnits.MINUTES,
                    settings.explicitAuthFlows().stream().map(AuthFlow::name).toList(),
                    settings.authSessionValidityMinutes(), true);
        }
    }

    /** Cognito's TokenValidityUnitsType. */
    record TokenValidityUnits(String accessToken, String idToken, String refreshToken) {
        static final TokenValidityUnits MINUTES = new TokenValidityUnits("minutes", "minutes", "minutes");
    }
}
