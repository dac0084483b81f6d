package com.authledger.api.cognito;

import com.authledger.api.cognito.SignInShapes.Attribute;
import com.authledger.api.cognito.SignInShapes.GetUserResponse;
import com.authledger.api.cognito.SelfServiceShapes.CodeDeliveryDetails;
import com.authledger.api.cognito.SelfServiceShapes.CodeDeliveryResponse;
import com.authledger.api.cognito.SelfServiceShapes.UpdateUserAttributesResponse;
import com.authledger.secrets.DataKeyVault;
import com.authledger.security.UserPrincipal;
import com.authledger.signin.OwnAccount;
import com.authledger.signin.StepUp;
import com.authledger.user.User;
import com.authledger.user.Results.CodeDelivery;
import com.authledger.user.Results.CodeVerdict;
import com.authledger.user.Results.MfaPreference;
import com.authledger.user.UserSecrets;
import com.authledger.user.UserSecrets.Field;
import com.authledger.user.api.Attributes;
import com.authledger.user.api.Contact;
import com.authledger.user.api.Initiator;
import com.authledger.user.api.UserCommand;
import com.authledger.user.read.UserQueries;
import com.authledger.user.read.UserRow;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cognito's operations of a signed-in user on their own account, authenticated by the {@code AccessToken} member:
 * GetUser, SetUserMFAPreference, GetUserAttributeVerificationCode, VerifyUserAttribute, UpdateUserAttributes,
 * ChangePassword and GlobalSignOut. The same commands, step-up and reads as the self-service API
 * ({@code /api/v1/me}, through {@link OwnAccount}), recorded as the user's own ({@code user:<sub>}).
 */
@Component
class SelfServiceOperations implements CognitoOperation.Group {

    private final AccessTokenCaller tokens;
    private final OwnAccount ownAccount;
    private final UserQueries queries;
    private final UserSecrets secrets;

    SelfServiceOperations(AccessTokenCaller tokens, OwnAccount ownAccount, UserQueries queries,
                          UserSecrets secrets) {
        this.tokens = tokens;
        this.ownAccount = ownAccount;
        this.queries = queries;
        this.secrets = secrets;
    }

    @Override
    public List<CognitoOperation> operations() {
        return List.of(
                CognitoOperation.unsigned("GetUser", this::getUser),
                CognitoOperation.unsigned("SetUserMFAPreference", this::setUserMfaPreference),
                CognitoOperation.unsigned("GetUserAttributeVerificationCode", this::getUserAttributeVerificationCode),
                CognitoOperation.unsigned("VerifyUserAttribute", this::verifyUserAttribute),
                CognitoOperation.unsigned("UpdateUserAttributes", this::updateUserAttributes),
                CognitoOperation.unsigned("ChangePassword", this::changePassword),
                CognitoOperation.unsigned("GlobalSignOut", this::globalSignOut));
    }

    private GetUserResponse getUser(Input input, Call call) {
        UserPrincipal me = tokens.caller(input);
        UserRow row = queries.user(me.poolId(), me.sub()).orElseThrow(User::notFound);
        try {
            return describe(row);
        } catch (DataKeyVault.KeyShredded deletedMeanwhile) {
            throw User.notFound();
        }
    }

    /** GetUser's answer: the attributes opened from their sealed forms, and the MFA settings. */
    private GetUserResponse describe(UserRow row) {
        UserSecrets.Opener values = secrets.opener(row.sub());
        List<Attribute> attributes = new ArrayList<>();
        attributes.add(new Attribute("sub", row.sub()));
        String name = values.open(Field.NAME, row.sealedName());
        if (name != null) {
            attributes.add(new Attribute("name", name));
        }
        String email = values.open(Field.EMAIL, row.sealedEmail());
        if (email != null) {
            attributes.add(new Attribute("email", email));
            attributes.add(new Attribute("email_verified", String.valueOf(row.emailVerified())));
        }
        String phone = values.open(Field.PHONE_NUMBER, row.sealedPhone());
        if (phone != null) {
            attributes.add(new Attribute("phone_number", phone));
            attributes.add(new Attribute("phone_number_verified", String.valueOf(row.phoneVerified())));
        }
        List<String> enabled = new ArrayList<>();
        if (row.smsMfaEnabled()) {
            enabled.add("SMS_MFA");
        }
        if (row.totpMfaEnabled()) {
            enabled.add("SOFTWARE_TOKEN_MFA");
        }
        String preferred = row.smsMfaPreferred() ? "SMS_MFA" : row.totpMfaPreferred() ? "SOFTWARE_TOKEN_MFA" : null;
        // Cognito leaves the list out when no factor is enabled
        return new GetUserResponse(row.username(), attributes, preferred, enabled.isEmpty() ? null : enabled);
    }

    private Map<String, Object> setUserMfaPreference(Input input, Call call) {
        Members.MfaPreferences asked = Members.MfaPreferences.of(input);
        UserPrincipal me = tokens.caller(input);
        var origin = call.as(me.actor());
        var command = new UserCommand.SetUserMfaPreference(me.sub(), asked.sms(), asked.softwareToken(),
                Initiator.USER);
        ownAccount.requireStepUpFor(command, me.token(), call.request().getHeader(StepUp.HEADER), origin);
        MfaPreference preference = Members.MfaPreferences.send(() -> ownAccount.send(command, origin));
        if (preference.changed()) {
            ownAccount.awaitProjection(me.sub());
        }
        return Map.of();
    }

    // ---- attributes, password and sign-out

    private CodeDeliveryResponse getUserAttributeVerificationCode(Input input, Call call) {
        Contact contact = contact(input.string("AttributeName", 1, 32));
        input.optStringMap("ClientMetadata");
        UserPrincipal me = tokens.caller(input);
        CodeDelivery delivery = ownAccount.send(new UserCommand.RequestContactVerification(me.sub(), contact),
                call.as(me.actor()));
        return new CodeDeliveryResponse(CodeDeliveryDetails.of(delivery));
    }

    private Map<String, Object> verifyUserAttribute(Input input, Call call) {
        Contact contact = contact(input.string("AttributeName", 1, 32));
        String code = input.string("Code", 1, 2048, PublicAccountOperations.CODE);
        UserPrincipal me = tokens.caller(input);
        var origin = call.as(me.actor());
        var command = new UserCommand.VerifyContact(me.sub(), contact, code, Initiator.USER);
        ownAccount.requireStepUpFor(command, me.token(), call.request().getHeader(StepUp.HEADER), origin);
        ownAccount.<CodeVerdict>send(command, origin).orThrow();
        ownAccount.awaitProjection(me.sub());
        return Map.of();
    }

    private UpdateUserAttributesResponse updateUserAttributes(Input input, Call call) {
        if (input.optObjectList("UserAttributes", 100) == null) {
            throw input.invalid("UserAttributes", "Member must not be null");
        }
        Attributes attributes = CognitoAttributes.read(input, "UserAttributes");
        input.optStringMap("ClientMetadata");
        UserPrincipal me = tokens.caller(input);
        var origin = call.as(me.actor());
        var command = new UserCommand.UpdateUserAttributes(me.sub(), attributes, Initiator.USER);
        ownAccount.requireStepUpFor(command, me.token(), call.request().getHeader(StepUp.HEADER), origin);
        ownAccount.send(command, origin);
        ownAccount.awaitProjection(me.sub());
        // no code is sent by the change itself: GetUserAttributeVerificationCode asks for one
        return new UpdateUserAttributesResponse(List.of());
    }

    private Map<String, Object> changePassword(Input input, Call call) {
        String previous = input.optString("PreviousPassword", 1, 256, PublicAccountOperations.PASSWORD);
        String proposed = input.string("ProposedPassword", 1, 256, PublicAccountOperations.PASSWORD);
        if (previous == null) {
            throw CognitoError.invalidParameter("PreviousPassword is required: this service does not offer "
                    + "passwordless sign-in.");
        }
        UserPrincipal me = tokens.caller(input);
        ownAccount.changePassword(me.token(), previous, proposed, call.as(me.actor()));
        return Map.of();
    }

    private Map<String, Object> globalSignOut(Input input, Call call) {
        UserPrincipal me = tokens.caller(input);
        ownAccount.send(new UserCommand.RevokeTokens(me.sub(), Initiator.USER), call.as(me.actor()));
        return Map.of();
    }

    /** Cognito's AttributeName of a verification: phone_number or email, the attributes a code can verify. */
    private static Contact contact(String attributeName) {
        for (Contact contact : Contact.values()) {
            if (contact.attribute().equals(attributeName)) {
                return contact;
            }
        }
        throw CognitoError.invalidParameter("AttributeName must be phone_number or email: only they are verified "
                + "with a code.");
    }

}
