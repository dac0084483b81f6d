package com.authledger.api.cognito;

import com.authledger.api.AppClientAdministration;
import com.authledger.api.PoolAdministration;
import com.authledger.api.cognito.PoolShapes.ListUserPoolsOutput;
import com.authledger.api.cognito.PoolShapes.MfaConfigOutput;
import com.authledger.api.cognito.PoolShapes.PasswordPolicyShape;
import com.authledger.api.cognito.PoolShapes.Policies;
import com.authledger.api.cognito.PoolShapes.SmsConfiguration;
import com.authledger.api.cognito.PoolShapes.UserPool;
import com.authledger.api.cognito.PoolShapes.UserPoolClient;
import com.authledger.api.cognito.PoolShapes.UserPoolClientOutput;
import com.authledger.api.cognito.PoolShapes.UserPoolDescription;
import com.authledger.api.cognito.PoolShapes.UserPoolMfaType;
import com.authledger.api.cognito.PoolShapes.UserPoolOutput;
import com.authledger.client.AppClientDescription;
import com.authledger.client.api.AppClientId;
import com.authledger.client.api.AppClientSettings;
import com.authledger.client.api.CreateAppClient;
import com.authledger.client.read.AppClientQueries;
import com.authledger.client.read.AppClientView;
import com.authledger.pool.MfaConfiguration;
import com.authledger.pool.MfaConfigurationChange;
import com.authledger.pool.MfaMode;
import com.authledger.pool.PasswordPolicy;
import com.authledger.pool.PoolDescription;
import com.authledger.pool.PoolId;
import com.authledger.pool.SmsMfa;
import com.authledger.pool.SmsSender;
import com.authledger.pool.VerificationSettings;
import com.authledger.pool.api.ChangePasswordPolicy;
import com.authledger.pool.api.ConfigurePoolMfa;
import com.authledger.pool.api.CreatePool;
import com.authledger.pool.api.DeletePool;
import com.authledger.pool.read.MfaConfigVersion;
import com.authledger.pool.read.PoolMfaConfigQueries;
import com.authledger.pool.read.PoolSummary;
import com.authledger.security.Role;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.Page;
import com.authledger.user.UsernameRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Cognito's pool and app client operations: CreateUserPool, DescribeUserPool, UpdateUserPool, ListUserPools,
 * DeleteUserPool, SetUserPoolMfaConfig, GetUserPoolMfaConfig, CreateUserPoolClient and DescribeUserPoolClient. Each
 * sends the same commands and reads the same projections as the REST API ({@link PoolAdministration},
 * {@link AppClientAdministration}); the rules are the UserPool and AppClient aggregates'. Members this service cannot
 * honour are refused rather than ignored (docs/cognito-protocol.md, "Pools and app clients").
 */
@Component
class PoolOperations implements CognitoOperation.Group {

    static final Pattern POOL_NAME = Pattern.compile("[\\w\\s+=,.@-]+", Pattern.UNICODE_CHARACTER_CLASS);
    static final Pattern CLIENT_NAME = Pattern.compile("[\\w\\s+=,.@-]+", Pattern.UNICODE_CHARACTER_CLASS);
    static final Pattern SMS_TEMPLATE = Pattern.compile(".*\\{####\\}.*", Pattern.DOTALL);
    static final Pattern EMAIL_TEMPLATE = Pattern.compile(
            "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*\\{####\\}[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*");
    static final Pattern ROLE_ARN = Pattern.compile(
            "arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?");
    /** How often a Cognito pool operation merges its request again after a concurrent change. */
    static final int MERGE_ATTEMPTS = 4;
    /** The account id in the pools' ARNs: there are no AWS accounts here. */
    static final String ACCOUNT_ID = "000000000000";

    /** Members of CreateUserPool and UpdateUserPool that would change behaviour authledger does not have. */
    private static final List<String> UNSUPPORTED_POOL_MEMBERS = List.of("LambdaConfig", "AliasAttributes",
            "UsernameAttributes", "VerificationMessageTemplate", "EmailVerificationSubject",
            "UserAttributeUpdateSettings", "DeviceConfiguration", "EmailConfiguration", "UserPoolTags",
            "AdminCreateUserConfig", "Schema", "UserPoolAddOns", "AccountRecoverySetting", "UserPoolTier");
    /** Members of CreateUserPoolClient for OAuth, analytics and attribute permissions, which authledger lacks. */
    private static final List<String> UNSUPPORTED_CLIENT_MEMBERS = List.of("ReadAttributes", "WriteAttributes",
            "SupportedIdentityProviders", "CallbackURLs", "LogoutURLs", "DefaultRedirectURI", "AllowedOAuthFlows",
            "AllowedOAuthScopes", "AnalyticsConfiguration", "EnablePropagateAdditionalUserContextData",
            "RefreshTokenRotation");

    private final PoolAdministration pools;
    private final AppClientAdministration clients;
    private final PoolMfaConfigQueries queries;
    private final AppClientQueries clientQueries;
    private final UsernameRegistry users;
    private final SecureRandom random;
    private final String region;

    PoolOperations(PoolAdministration pools, AppClientAdministration clients, PoolMfaConfigQueries queries,
                   AppClientQueries clientQueries, UsernameRegistry users, SecureRandom random,
                   @Value("${authledger.region}") String region) {
        this.pools = pools;
        this.clients = clients;
        this.queries = queries;
        this.clientQueries = clientQueries;
        this.users = users;
        this.random = random;
        this.region = region;
    }

    @Override
    public List<CognitoOperation> operations() {
        return List.of(
                CognitoOperation.admin("CreateUserPool", this::createUserPool),
                CognitoOperation.adminOrAuditor("DescribeUserPool", this::describeUserPool),
                CognitoOperation.admin("UpdateUserPool", this::updateUserPool),
                CognitoOperation.adminOrAuditor("ListUserPools", this::listUserPools),
                CognitoOperation.admin("DeleteUserPool", this::deleteUserPool),
                CognitoOperation.admin("SetUserPoolMfaConfig", this::setUserPoolMfaConfig),
                CognitoOperation.adminOrAuditor("GetUserPoolMfaConfig", this::getUserPoolMfaConfig),
                CognitoOperation.admin("CreateUserPoolClient", this::createUserPoolClient),
                CognitoOperation.adminOrAuditor("DescribeUserPoolClient", this::describeUserPoolClient));
    }

    // ---- pools

    private Object createUserPool(Input input, Call call) {
        String name = input.string("PoolName", 1, 128, POOL_NAME);
        refuseUnsupported(input, "CreateUserPool", UNSUPPORTED_POOL_MEMBERS);
        refuseUnsupportedSettings(input, "CreateUserPool");
        UserPoolMfaType mfaType = input.optEnum("MfaConfiguration", UserPoolMfaType.class);
        MfaMode mode = mfaType == null ? MfaMode.OFF : mfaType.toMode();
        String smsMessage = input.optString("SmsAuthenticationMessage", 6, 140, SMS_TEMPLATE);
        SmsSender sender = smsSender(input.optObject("SmsConfiguration"));
        // CreateUserPool configures SMS only: MFA ON or OPTIONAL means SMS MFA, which needs SmsConfiguration (the
        // pool's rule SmsNeedsASender refuses it otherwise); TOTP is added with SetUserPoolMfaConfig.
        MfaConfiguration mfa = new MfaConfiguration(mode, new SmsMfa(mode.asksForSecondFactor(), smsMessage), false,
                false, sender);
        VerificationSettings verification = new VerificationSettings(
                input.optStringList("AutoVerifiedAttributes", 2),
                input.optString("SmsVerificationMessage", 6, 140, SMS_TEMPLATE),
                input.optString("EmailVerificationMessage", 6, 20000, EMAIL_TEMPLATE));
        PasswordPolicy policy = passwordPolicy(input, PasswordPolicy.defaults());
        PoolDescription created = pools.create(new CreatePool(PoolId.generate(region), name, mfa, verification,
                policy), call.origin());
        return new UserPoolOutput(describe(created.poolId()));
    }

    private Object describeUserPool(Input input, Call call) {
        return new UserPoolOutput(describe(userPoolId(input)));
    }

    /**
     * Changes the members given and keeps the others as they are (Cognito resets the ones left out to their
     * defaults; here that would silently lower a pool's MFA). The MFA members go to ConfigurePoolMfa, the password
     * policy to ChangePasswordPolicy, each appending nothing when it changes nothing; both are checked before the
     * first is sent.
     */
    private Object updateUserPool(Input input, Call call) {
        String poolId = userPoolId(input);
        refuseUnsupported(input, "UpdateUserPool", UNSUPPORTED_POOL_MEMBERS);
        refuseUnsupportedSettings(input, "UpdateUserPool");
        refuseUnsupported(input, "UpdateUserPool", List.of("PoolName"));
        UserPoolMfaType mfaType = input.optEnum("MfaConfiguration", UserPoolMfaType.class);
        String smsMessage = input.optString("SmsAuthenticationMessage", 6, 140, SMS_TEMPLATE);
        SmsSender sender = smsSender(input.optObject("SmsConfiguration"));
        List<String> autoVerified = input.optStringList("AutoVerifiedAttributes", 2);
        String smsVerification = input.optString("SmsVerificationMessage", 6, 140, SMS_TEMPLATE);
        String emailVerification = input.optString("EmailVerificationMessage", 6, 20000, EMAIL_TEMPLATE);
        PoolSummary pool = queries.pool(poolId).orElseThrow(com.authledger.pool.UserPool::notFound);
        requireUnchanged("AutoVerifiedAttributes", autoVerified == null ? null
                : new VerificationSettings(autoVerified, null, null).autoVerifiedAttributes(),
                pool.autoVerifiedAttributes());
        requireUnchanged("SmsVerificationMessage", smsVerification, pool.verificationSmsMessage());
        requireUnchanged("EmailVerificationMessage", emailVerification, pool.verificationEmailMessage());
        PasswordPolicy policy = input.has("Policies") ? passwordPolicy(input, pool.passwordPolicy()) : null;

        if (mfaType != null || smsMessage != null || sender != null) {
            configureMerged(poolId, current -> {
                MfaMode mode = mfaType == null ? current.mode() : mfaType.toMode();
                // as at CreateUserPool, the factor these members configure is SMS: asking for MFA on a pool without
                // any factor turns SMS MFA on; otherwise the factors stay as SetUserPoolMfaConfig left them
                boolean smsEnabled = current.sms().enabled()
                        || (mfaType != null && mode.asksForSecondFactor() && !current.anyFactorEnabled());
                return new MfaConfiguration(mode, new SmsMfa(smsEnabled, smsMessage), current.totpEnabled(),
                        current.adaptiveEnabled(), sender == null ? current.smsSender() : sender,
                        current.smsCountries());
            }, call);
        }
        if (policy != null) {
            pools.changePasswordPolicy(new ChangePasswordPolicy(poolId, policy), call.origin());
        }
        return Map.of();
    }

    private Object listUserPools(Input input, Call call) {
        int maxResults = Objects.requireNonNull(requireInt(input, "MaxResults", 1, 60));
        String nextToken = input.optString("NextToken", 1, 131072);
        Page<PoolSummary> page = queries.pools(maxResults, Page.after("NextToken", nextToken));
        return new ListUserPoolsOutput(page.items().stream()
                .map(p -> new UserPoolDescription(p.poolId(), p.name(), p.createdAt(), lastModified(p))).toList(),
                page.nextPageToken());
    }

    private Object deleteUserPool(Input input, Call call) {
        pools.delete(new DeletePool(userPoolId(input)), call.origin());
        return Map.of();
    }

    /**
     * Replaces the pool's factors as Cognito does: SMS MFA is on exactly when SmsMfaConfiguration is given, TOTP when
     * SoftwareTokenMfaConfiguration.Enabled is true. A member left out keeps the pool's value where Cognito has no
     * "off" for it: the MFA mode, the SMS sender and the SMS template. Adaptive authentication is the REST API's.
     */
    private Object setUserPoolMfaConfig(Input input, Call call) {
        String poolId = userPoolId(input);
        UserPoolMfaType mfaType = input.optEnum("MfaConfiguration", UserPoolMfaType.class);
        Input sms = input.optObject("SmsMfaConfiguration");
        String smsMessage = sms == null ? null : sms.optString("SmsAuthenticationMessage", 6, 140, SMS_TEMPLATE);
        SmsSender sender = sms == null ? null : smsSender(sms.optObject("SmsConfiguration"));
        Input totp = input.optObject("SoftwareTokenMfaConfiguration");
        boolean totpEnabled = totp != null && Boolean.TRUE.equals(totp.optBoolean("Enabled"));
        Input email = input.optObject("EmailMfaConfiguration");
        if (email != null) {
            throw CognitoError.invalidParameter("authledger has no email MFA: leave EmailMfaConfiguration out.");
        }
        Input webAuthn = input.optObject("WebAuthnConfiguration");
        if (webAuthn != null) {
            throw CognitoError.invalidParameter("authledger has no passkeys: leave WebAuthnConfiguration out.");
        }
        MfaConfigurationChange change = configureMerged(PoolId.requireValid(poolId), current -> new MfaConfiguration(
                mfaType == null ? current.mode() : mfaType.toMode(), new SmsMfa(sms != null, smsMessage), totpEnabled,
                current.adaptiveEnabled(), sender == null ? current.smsSender() : sender, current.smsCountries()),
                call);
        return MfaConfigOutput.of(change.configuration());
    }

    /**
     * Cognito's pool operations name only some members and keep the others: the request is merged into the
     * configuration read, and sent with the version read, so that a change made in between is never overwritten
     * (as a REST PUT with If-Match). On a conflict the merge is redone against the newer configuration, after a
     * short pause for the projection to catch up; past {@link #MERGE_ATTEMPTS} the request is refused with
     * ConcurrentModificationException and nothing is changed.
     */
    private MfaConfigurationChange configureMerged(String poolId, UnaryOperator<MfaConfiguration> merge, Call call) {
        for (int attempt = 1; ; attempt++) {
            MfaConfigVersion read = queries.current(poolId).orElseThrow(com.authledger.pool.UserPool::notFound);
            try {
                return pools.configureMfa(new ConfigurePoolMfa(poolId, merge.apply(read.configuration()),
                        read.version()), call.origin());
            } catch (AuthledgerException refused) {
                if (refused.code() != ErrorCode.VersionMismatch) {
                    throw refused;
                }
                if (attempt == MERGE_ATTEMPTS) {
                    throw new AuthledgerException(ErrorCode.ConcurrentModification, "The pool's MFA configuration "
                            + "kept changing while this request was applied to it: nothing was changed. Try again.");
                }
                pause(Duration.ofMillis(25L << attempt));
            }
        }
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AuthledgerException(ErrorCode.ServiceUnavailable, "The service is shutting down.");
        }
    }

    private Object getUserPoolMfaConfig(Input input, Call call) {
        String poolId = userPoolId(input);
        return MfaConfigOutput.of(queries.current(poolId).map(MfaConfigVersion::configuration)
                .orElseThrow(com.authledger.pool.UserPool::notFound));
    }

    // ---- app clients

    private Object createUserPoolClient(Input input, Call call) {
        String poolId = userPoolId(input);
        String name = input.string("ClientName", 1, 128, CLIENT_NAME);
        refuseUnsupported(input, "CreateUserPoolClient", UNSUPPORTED_CLIENT_MEMBERS);
        if (Boolean.TRUE.equals(input.optBoolean("AllowedOAuthFlowsUserPoolClient"))) {
            throw CognitoError.invalidParameter("authledger has no OAuth flows: "
                    + "AllowedOAuthFlowsUserPoolClient must be false or left out.");
        }
        if (Boolean.FALSE.equals(input.optBoolean("EnableTokenRevocation"))) {
            throw CognitoError.invalidParameter("authledger always revokes tokens: "
                    + "EnableTokenRevocation must be true or left out.");
        }
        String preventErrors = input.optString("PreventUserExistenceErrors");
        if (preventErrors != null && !preventErrors.equals("ENABLED")) {
            throw CognitoError.invalidParameter("authledger never reveals whether a user exists: "
                    + "PreventUserExistenceErrors must be ENABLED or left out.");
        }
        boolean generateSecret = Boolean.TRUE.equals(input.optBoolean("GenerateSecret"));
        Input units = input.optObject("TokenValidityUnits");
        Integer access = minutes(input, "AccessTokenValidity", 1, 86400, unit(units, "AccessToken", "hours"));
        Integer id = minutes(input, "IdTokenValidity", 1, 86400, unit(units, "IdToken", "hours"));
        Integer refresh = minutes(input, "RefreshTokenValidity", 0, 315360000, unit(units, "RefreshToken", "days"));
        Integer session = input.optInt("AuthSessionValidity", 3, 15);
        List<String> flows = input.optStringList("ExplicitAuthFlows", 20);
        AppClientSettings settings = AppClientSettings.of(name, access, id, refresh == null || refresh == 0 ? null
                : refresh, session, flows);
        CreateAppClient command = new CreateAppClient(AppClientId.generate(random), clients.pool(poolId), settings,
                generateSecret);
        AppClientDescription created = clients.create(command, call.origin());
        return new UserPoolClientOutput(UserPoolClient.of(created.poolId(), created.clientId(), created.settings(),
                created.clientSecret(), created.createdAt(), created.lastModifiedAt()));
    }

    /** The client secret is shown to admin access keys only, as the REST API shows it to admin API keys. */
    private Object describeUserPoolClient(Input input, Call call) {
        String poolId = userPoolId(input);
        String clientId = Members.clientId(input);
        AppClientView client = clients.client(poolId, clientId);
        String secret = call.principal() != null && call.principal().role() == Role.ADMIN
                ? clientQueries.clientSecret(client).orElse(null) : null;
        return new UserPoolClientOutput(UserPoolClient.of(client.poolId(), client.clientId(), client.settings(),
                secret, client.createdAt(), client.lastModifiedAt()));
    }

    // ---- members

    private static String userPoolId(Input input) {
        return Members.userPoolId(input);
    }

    private UserPool describe(String poolId) {
        PoolSummary pool = queries.pool(poolId).orElseThrow(com.authledger.pool.UserPool::notFound);
        MfaConfiguration mfa = queries.current(poolId).map(MfaConfigVersion::configuration)
                .orElseThrow(com.authledger.pool.UserPool::notFound);
        return new UserPool(pool.poolId(), pool.name(), arn(pool.poolId()), pool.createdAt(), lastModified(pool),
                UserPoolMfaType.of(mfa.mode()).name(), SmsConfiguration.of(mfa.smsSender()), mfa.sms().message(),
                new Policies(PasswordPolicyShape.of(pool.passwordPolicy())), pool.autoVerifiedAttributes(),
                pool.verificationSmsMessage(), pool.verificationEmailMessage(), users.count(poolId));
    }

    /** {@code arn:aws:cognito-idp:<region>:000000000000:userpool/<id>}, the region being the pool id's. */
    static String arn(String poolId) {
        return "arn:aws:cognito-idp:" + poolId.substring(0, poolId.indexOf('_')) + ":" + ACCOUNT_ID + ":userpool/"
                + poolId;
    }

    private static java.time.Instant lastModified(PoolSummary pool) {
        return pool.lastModifiedAt() == null ? pool.createdAt() : pool.lastModifiedAt();
    }

    private SmsSender smsSender(Input configuration) {
        if (configuration == null) {
            return null;
        }
        String arn = configuration.string("SnsCallerArn", 20, 2048, ROLE_ARN);
        String externalId = configuration.optString("ExternalId");
        String snsRegion = configuration.optString("SnsRegion", 5, 32);
        if (configuration.has("EumsSms")) {
            throw CognitoError.invalidParameter("authledger sends SMS through its configured transport: leave "
                    + "SmsConfiguration.EumsSms out.");
        }
        // the region defaults to the service's (the pools' region), as Cognito's defaults to the pool's
        return SmsSender.of(arn, externalId, snsRegion == null ? region : snsRegion);
    }

    /**
     * Policies.PasswordPolicy: each member given replaces the one in {@code base}. Members authledger has no setting
     * for are refused unless they ask for what it does anyway.
     */
    private static PasswordPolicy passwordPolicy(Input input, PasswordPolicy base) {
        Input policies = input.optObject("Policies");
        if (policies == null) {
            return base;
        }
        if (policies.has("SignInPolicy")) {
            throw CognitoError.invalidParameter("authledger's sign-in factors are its MFA configuration: leave "
                    + "Policies.SignInPolicy out.");
        }
        Input policy = policies.optObject("PasswordPolicy");
        if (policy == null) {
            return base;
        }
        Integer history = policy.optInt("PasswordHistorySize", 0, 24);
        if (history != null && history != 0) {
            throw CognitoError.invalidParameter("authledger keeps no password history: "
                    + "Policies.PasswordPolicy.PasswordHistorySize must be 0 or left out.");
        }
        policy.optInt("TemporaryPasswordValidityDays", 0, 365);
        Integer minimum = policy.optInt("MinimumLength", 6, 99);
        PasswordPolicy result = new PasswordPolicy(minimum == null ? base.minimumLength() : minimum,
                orElse(policy.optBoolean("RequireUppercase"), base.requireUppercase()),
                orElse(policy.optBoolean("RequireLowercase"), base.requireLowercase()),
                orElse(policy.optBoolean("RequireNumbers"), base.requireNumbers()),
                orElse(policy.optBoolean("RequireSymbols"), base.requireSymbols()));
        return result.validate();
    }

    private static boolean orElse(Boolean given, boolean fallback) {
        return given == null ? fallback : given;
    }

    private static Integer requireInt(Input input, String name, int min, int max) {
        Integer value = input.optInt(name, min, max);
        if (value == null) {
            throw input.invalid(name, "Member must not be null");
        }
        return value;
    }

    private static void refuseUnsupported(Input input, String operation, List<String> members) {
        for (String member : members) {
            if (input.has(member)) {
                throw CognitoError.invalidParameter(operation + ": authledger cannot honour " + member
                        + "; leave it out (see the differences from Cognito in docs/cognito-protocol.md).");
            }
        }
    }

    /** Settings whose one value authledger has is accepted; any other is refused. */
    private static void refuseUnsupportedSettings(Input input, String operation) {
        String deletionProtection = input.optString("DeletionProtection");
        if (deletionProtection != null && !deletionProtection.equals("INACTIVE")) {
            throw CognitoError.invalidParameter(operation + ": authledger has no deletion protection: "
                    + "DeletionProtection must be INACTIVE or left out.");
        }
        Input usernames = input.optObject("UsernameConfiguration");
        if (usernames != null && !Boolean.FALSE.equals(usernames.optBoolean("CaseSensitive"))) {
            throw CognitoError.invalidParameter(operation + ": usernames are case-insensitive in authledger: "
                    + "UsernameConfiguration.CaseSensitive must be false or UsernameConfiguration left out.");
        }
    }

    private static void requireUnchanged(String member, Object given, Object current) {
        if (given != null && !given.equals(current)) {
            throw CognitoError.invalidParameter("UpdateUserPool: authledger cannot change " + member
                    + " after the pool was created.");
        }
    }

    private static String unit(Input units, String member, String fallback) {
        if (units == null) {
            return fallback;
        }
        String unit = units.optString(member);
        if (unit == null) {
            return fallback;
        }
        if (!List.of("seconds", "minutes", "hours", "days").contains(unit)) {
            throw units.invalid(member, "Member must satisfy enum value set: [seconds, minutes, hours, days]");
        }
        return unit;
    }

    /** A token validity in {@code unit}, in whole minutes; the ranges are the app client's (AppClientSettings). */
    private static Integer minutes(Input input, String name, int min, int max, String unit) {
        Integer value = input.optInt(name, min, max);
        if (value == null) {
            return null;
        }
        long minutes = switch (unit) {
            case "seconds" -> {
                if (value % 60 != 0) {
                    throw CognitoError.invalidParameter("authledger keeps token validities in whole minutes: "
                            + name + " in seconds must be a multiple of 60.");
                }
                yield value / 60;
            }
            case "minutes" -> value;
            case "hours" -> value * 60L;
            default -> value * 24L * 60L;
        };
        return (int) Math.min(minutes, Integer.MAX_VALUE);
    }
}
