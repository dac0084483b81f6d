package com.authledger.api.rest;

import com.authledger.pool.MfaConfiguration;
import com.authledger.pool.MfaConfigurationChange;
import com.authledger.pool.PasswordPolicy;
import com.authledger.pool.VerificationSettings;
import com.authledger.pool.read.MfaConfigVersion;
import com.authledger.pool.read.MfaConfigView;
import com.authledger.pool.read.PoolSummary;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/** The response bodies of the pool API. */
final class PoolResponses {

    private PoolResponses() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MfaConfigResponse(String poolId, long version, String mfaMode, MfaConfigView.SmsMfaView smsMfa,
                             MfaConfigView.TotpMfaView totpMfa,
                             MfaConfigView.AdaptiveAuthenticationView adaptiveAuthentication,
                             MfaConfigView.SmsSenderView smsSender, List<String> smsCountries,
                             Instant validFrom, Instant validTo,
                             Boolean changed, Integer notifiedUsers, List<MfaConfiguration.Warning> warnings) {

        static MfaConfigResponse of(String poolId, long version, MfaConfiguration configuration, Instant validFrom,
                                    Instant validTo, Boolean changed) {
            return of(poolId, version, configuration, validFrom, validTo, changed, null);
        }

        static MfaConfigResponse of(String poolId, long version, MfaConfiguration configuration, Instant validFrom,
                                    Instant validTo, Boolean changed, Integer notifiedUsers) {
            MfaConfigView view = MfaConfigView.of(configuration);
            return new MfaConfigResponse(poolId, version, view.mfaMode(), view.smsMfa(), view.totpMfa(),
                    view.adaptiveAuthentication(), view.smsSender(), view.smsCountries(), validFrom, validTo, changed,
                    notifiedUsers,
                    configuration.warnings());
        }

        static MfaConfigResponse of(MfaConfigurationChange change) {
            return of(change.poolId(), change.version(), change.configuration(), change.validFrom(), null,
                    change.changed(), change.notifiedUsers());
        }

        static MfaConfigResponse of(MfaConfigVersion version) {
            return of(version.poolId(), version.version(), version.configuration(), version.validFrom(),
                    version.validTo(), null);
        }
    }

    record VerificationResponse(List<String> autoVerifiedAttributes, String smsMessage, String emailMessage) {
        static VerificationResponse of(VerificationSettings settings) {
            return new VerificationResponse(settings.autoVerifiedAttributes(), settings.smsMessage(),
                    settings.emailMessage());
        }
    }

    /** A password policy, as GET and PUT /pools/{poolId}/password-policy and the pool's representation show it. */
    record PasswordPolicyResponse(int minimumLength, boolean requireUppercase, boolean requireLowercase,
                                  boolean requireNumbers, boolean requireSymbols) {
        static PasswordPolicyResponse of(PasswordPolicy policy) {
            return new PasswordPolicyResponse(policy.minimumLength(), policy.requireUppercase(),
                    policy.requireLowercase(), policy.requireNumbers(), policy.requireSymbols());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PoolResponse(String poolId, String name, Instant createdAt, String createdBy,
                        VerificationResponse verification, PasswordPolicyResponse passwordPolicy,
                        MfaConfigResponse mfaConfig) {

        static PoolResponse of(PoolSummary pool, MfaConfigVersion current) {
            return new PoolResponse(pool.poolId(), pool.name(), pool.createdAt(), pool.createdBy(),
                    new VerificationResponse(pool.autoVerifiedAttributes(), pool.verificationSmsMessage(),
                            pool.verificationEmailMessage()),
                    PasswordPolicyResponse.of(pool.passwordPolicy()),
                    current == null ? null : MfaConfigResponse.of(current));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PoolListItem(String poolId, String name, Instant createdAt, String createdBy) {
        static PoolListItem of(PoolSummary pool) {
            return new PoolListItem(pool.poolId(), pool.name(), pool.createdAt(), pool.createdBy());
        }
    }

    record PageResponse<T>(List<T> items, String nextPageToken) {
    }
}
