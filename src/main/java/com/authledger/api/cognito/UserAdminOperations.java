package com.authledger.api.cognito;

import com.authledger.api.UserAdministration;
import com.authledger.api.UserAdministration.UserRef;
import com.authledger.api.cognito.UserAdminShapes.AdminCreateUserResponse;
import com.authledger.api.cognito.UserAdminShapes.AdminListUserAuthEventsResponse;
import com.authledger.api.cognito.UserAdminShapes.AuthEventType;
import com.authledger.api.cognito.UserAdminShapes.UserType;
import com.authledger.api.cognito.UserAdminShapes.UserView;
import com.authledger.secrets.DataKeyVault;
import com.authledger.shared.Page;
import com.authledger.signin.read.AuthEvent;
import com.authledger.user.User;
import com.authledger.user.Results.MfaPreference;
import com.authledger.user.Results.Registration;
import com.authledger.user.UserSecrets;
import com.authledger.user.api.Attributes;
import com.authledger.user.api.Initiator;
import com.authledger.user.api.UserCommand;
import com.authledger.user.read.UserRow;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Cognito's admin user operations (AdminCreateUser, AdminGetUser, AdminSetUserPassword, AdminUpdateUserAttributes,
 * AdminDeleteUser, AdminSetUserMFAPreference, AdminDeleteSoftwareToken, AdminListUserAuthEvents,
 * AdminUserGlobalSignOut), all signed. Each sends the same command and reads the same projection as the REST API's
 * user endpoints, through {@link UserAdministration}; {@code Username} is the username (any case) or the sub.
 */
@Component
class UserAdminOperations implements CognitoOperation.Group {

    static final Pattern USERNAME = Members.USERNAME;
    static final Pattern PASSWORD = Members.PASSWORD;

    /** Cognito's MessageActionType. */
    enum MessageAction { RESEND, SUPPRESS }

    /** Cognito's DeliveryMediumType. */
    enum DeliveryMedium { SMS, EMAIL }

    private final UserAdministration users;
    private final UserSecrets secrets;

    UserAdminOperations(UserAdministration users, UserSecrets secrets) {
        this.users = users;
        this.secrets = secrets;
    }

    @Override
    public List<CognitoOperation> operations() {
        return List.of(
                CognitoOperation.admin("AdminCreateUser", this::adminCreateUser),
                CognitoOperation.admin("AdminSetUserPassword", this::adminSetUserPassword),
                CognitoOperation.admin("AdminGetUser", this::adminGetUser),
                CognitoOperation.admin("AdminUpdateUserAttributes", this::adminUpdateUserAttributes),
                CognitoOperation.admin("AdminDeleteUser", this::adminDeleteUser),
                CognitoOperation.admin("AdminSetUserMFAPreference", this::adminSetUserMfaPreference),
                CognitoOperation.admin("AdminDeleteSoftwareToken", this::adminDeleteSoftwareToken),
                CognitoOperation.adminOrAuditor("AdminListUserAuthEvents", this::adminListUserAuthEvents),
                CognitoOperation.admin("AdminUserGlobalSignOut", this::adminUserGlobalSignOut));
    }

    // ---- operations

    /**
     * FORCE_CHANGE_PASSWORD with the given temporary password. The service sends no invitation (with or without
     * SUPPRESS), so it needs the temporary password from the caller and cannot RESEND.
     */
    Object adminCreateUser(Input input, Call call) {
        String poolId = poolId(input);
        String username = input.string("Username", 1, 128, USERNAME);
        Attributes attributes = CognitoAttributes.read(input, "UserAttributes");
        input.optObjectList("ValidationData", 100);
        String temporaryPassword = input.optString("TemporaryPassword", 0, 256);
        MessageAction action = input.optEnum("MessageAction", MessageAction.class);
        List<String> mediums = input.optStringList("DesiredDeliveryMediums", 2);
        if (mediums != null) {
            for (String medium : mediums) {
                if (!medium.equals(DeliveryMedium.SMS.name()) && !medium.equals(DeliveryMedium.EMAIL.name())) {
                    throw input.invalid("DesiredDeliveryMediums",
                            "Member must satisfy enum value set: [SMS, EMAIL]");
                }
            }
        }
        input.optBoolean("ForceAliasCreation");
        input.optStringMap("ClientMetadata");
        if (action == MessageAction.RESEND) {
            throw CognitoError.invalidParameter("MessageAction RESEND is not supported: this service sends no "
                    + "invitation message, so there is none to resend.");
        }
        if (temporaryPassword == null || temporaryPassword.isEmpty()) {
            throw CognitoError.invalidParameter("TemporaryPassword is required: this service does not generate "
                    + "temporary passwords.");
        }
        if (!PASSWORD.matcher(temporaryPassword).matches()) {
            throw input.invalid("TemporaryPassword", "Member must satisfy regular expression pattern: [\\S]+");
        }
        users.requirePool(poolId);
        Registration created = users.send(new UserCommand.AdminCreateUser(UserAdministration.newSub(), poolId,
                username, temporaryPassword, attributes), call.origin());
        users.awaitProjection(created.sub());
        // past the write-wait (another node projecting slowly), the answer is what the command knows
        UserType user = view(users.row(poolId, created.sub())).map(UserView::userType)
                .orElseGet(() -> new UserType(created.username(), null, null, null, true, created.status().name(),
                        null));
        return new AdminCreateUserResponse(user);
    }

    Object adminGetUser(Input input, Call call) {
        UserRef user = user(input);
        return view(users.row(user)).map(UserView::adminGetUser).orElseThrow(User::notFound);
    }

    Object adminSetUserPassword(Input input, Call call) {
        UserName name = name(input);
        String password = input.string("Password", 0, 256, PASSWORD);
        boolean permanent = Boolean.TRUE.equals(input.optBoolean("Permanent"));
        UserRef user = resolve(name);
        users.send(new UserCommand.AdminSetUserPassword(user.sub(), password, permanent), call.origin());
        users.awaitProjection(user.sub());
        return Map.of();
    }

    Object adminUpdateUserAttributes(Input input, Call call) {
        UserName name = name(input);
        if (!input.has("UserAttributes")) {
            throw input.invalid("UserAttributes", "Member must not be null");
        }
        Attributes attributes = CognitoAttributes.read(input, "UserAttributes");
        input.optStringMap("ClientMetadata");
        UserRef user = resolve(name);
        users.send(new UserCommand.UpdateUserAttributes(user.sub(), attributes, Initiator.ADMIN), call.origin());
        users.awaitProjection(user.sub());
        return Map.of();
    }

    Object adminDeleteUser(Input input, Call call) {
        UserRef user = user(input);
        users.send(new UserCommand.DeleteUser(user.sub(), Initiator.ADMIN), call.origin());
        users.awaitRemoval(user.sub());
        return Map.of();
    }

    /**
     * SMS and TOTP, each {@code {Enabled, PreferredMfa}}; an absent one is kept. Email and passkey MFA are not
     * offered here: asking to enable them is refused. The aggregate's refusal to enable TOTP before an authenticator
     * is verified answers as Cognito does, with InvalidParameterException.
     */
    Object adminSetUserMfaPreference(Input input, Call call) {
        UserName name = name(input);
        Members.MfaPreferences asked = Members.MfaPreferences.of(input);
        UserRef user = resolve(name);
        MfaPreference preference = Members.MfaPreferences.send(() -> users.send(new UserCommand.SetUserMfaPreference(
                user.sub(), asked.sms(), asked.softwareToken(), Initiator.ADMIN), call.origin()));
        if (preference.changed()) {
            users.awaitProjection(user.sub());
        }
        return Map.of();
    }

    /** The user's authenticator is removed: TOTP is off until a new one is associated and verified. */
    Object adminDeleteSoftwareToken(Input input, Call call) {
        UserRef user = user(input);
        users.send(new UserCommand.ResetSoftwareToken(user.sub()), call.origin());
        users.awaitProjection(user.sub());
        return Map.of();
    }

    Object adminListUserAuthEvents(Input input, Call call) {
        UserName name = name(input);
        Integer maxResults = input.optInt("MaxResults", 0, UserAdministration.MAX_AUTH_EVENTS);
        String nextToken = input.optString("NextToken", 1, 131072, PASSWORD);
        UserRef user = resolve(name);
        Page<AuthEvent> page = users.authEvents(user, maxResults, nextToken);
        return new AdminListUserAuthEventsResponse(page.items().stream().map(AuthEventType::of).toList(),
                page.nextPageToken());
    }

    /** Every refresh token of the user is revoked, and every access token issued before is refused. */
    Object adminUserGlobalSignOut(Input input, Call call) {
        UserRef user = user(input);
        users.send(new UserCommand.RevokeTokens(user.sub(), Initiator.ADMIN), call.origin());
        return Map.of();
    }

    // ---- members

    private static String poolId(Input input) {
        return Members.userPoolId(input);
    }

    /** {@code UserPoolId} and {@code Username}, validated; resolved once every other member is. */
    private record UserName(String poolId, String username) {
    }

    private static UserName name(Input input) {
        return new UserName(poolId(input), input.string("Username", 1, 128, USERNAME));
    }

    /** The user named by username (any case) or sub; ResourceNotFound for the pool, UserNotFound for the user. */
    private UserRef resolve(UserName name) {
        return users.resolve(name.poolId(), name.username());
    }

    /** For operations whose only members are UserPoolId and Username. */
    private UserRef user(Input input) {
        return resolve(name(input));
    }

    /** The opened view of a row; empty when there is none, or the user was deleted after the row was read. */
    private Optional<UserView> view(Optional<UserRow> row) {
        try {
            return row.map(found -> UserView.open(found, secrets));
        } catch (DataKeyVault.KeyShredded deletedMeanwhile) {
            return Optional.empty();
        }
    }
}
