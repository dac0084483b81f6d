package com.authledger.api.cognito;

import com.authledger.api.PublicAccountSteps;
import com.authledger.api.cognito.SelfServiceShapes.CodeDeliveryDetails;
import com.authledger.api.cognito.SelfServiceShapes.CodeDeliveryResponse;
import com.authledger.api.cognito.SelfServiceShapes.SignUpResponse;
import com.authledger.client.AppClientVerifier;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.signin.RefreshTokenRevocation;
import com.authledger.user.Results.Registration;
import com.authledger.user.api.Attributes;
import com.authledger.user.api.UserStatus;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Cognito's unsigned operations that name a user and an app client (the pool is the client's, and a client with a
 * secret needs the SecretHash): SignUp, ConfirmSignUp, ResendConfirmationCode, ForgotPassword,
 * ConfirmForgotPassword; and RevokeToken, by a refresh token and its client. Each step is
 * {@link PublicAccountSteps}'s, exactly as for the REST API, so the answers never tell whether a user exists:
 * ResendConfirmationCode and ForgotPassword answer the same (no CodeDeliveryDetails) for every name, and a code
 * for an unknown name is a wrong code.
 */
@Component
class PublicAccountOperations implements CognitoOperation.Group {

    /** Cognito's UsernameType, PasswordType, ConfirmationCodeType, SecretHashType and ClientSecretType. */
    static final Pattern USERNAME = Members.USERNAME;
    static final Pattern PASSWORD = Members.PASSWORD;
    static final Pattern CODE = Pattern.compile("[\\S]+");
    static final Pattern SECRET_HASH = Pattern.compile("[\\w+=/]+");
    static final Pattern CLIENT_SECRET = Pattern.compile("[\\w+]+");

    private final PublicAccountSteps steps;
    private final AppClientVerifier clients;
    private final RefreshTokenRevocation revocation;

    PublicAccountOperations(PublicAccountSteps steps, AppClientVerifier clients, RefreshTokenRevocation revocation) {
        this.steps = steps;
        this.clients = clients;
        this.revocation = revocation;
    }

    @Override
    public List<CognitoOperation> operations() {
        return List.of(
                CognitoOperation.unsigned("SignUp", this::signUp),
                CognitoOperation.unsigned("ConfirmSignUp", this::confirmSignUp),
                CognitoOperation.unsigned("ResendConfirmationCode", this::resendConfirmationCode),
                CognitoOperation.unsigned("ForgotPassword", this::forgotPassword),
                CognitoOperation.unsigned("ConfirmForgotPassword", this::confirmForgotPassword),
                CognitoOperation.unsigned("RevokeToken", this::revokeToken));
    }

    private SignUpResponse signUp(Input input, Call call) {
        String clientId = clientId(input);
        String username = username(input);
        String password = input.string("Password", 1, 256, PASSWORD);
        Attributes attributes = CognitoAttributes.read(input, "UserAttributes");
        // ValidationData is for a pre sign-up trigger, which this service does not run: its shape is checked only
        List<Input> validationData = input.optObjectList("ValidationData", 100);
        for (Input item : validationData == null ? List.<Input>of() : validationData) {
            item.string("Name", 1, 32);
            item.optString("Value", 0, 2048);
        }
        String secretHash = secretHash(input);
        ignoredContext(input);
        String poolId = clientOf(clientId, username, secretHash);
        Registration created = steps.signUp(poolId, username, password, attributes, call.origin());
        return new SignUpResponse(created.status() == UserStatus.CONFIRMED,
                CodeDeliveryDetails.of(created.codeDelivery()), created.sub());
    }

    private Map<String, Object> confirmSignUp(Input input, Call call) {
        String clientId = clientId(input);
        String username = username(input);
        String code = input.string("ConfirmationCode", 1, 2048, CODE);
        String secretHash = secretHash(input);
        // only matters when an alias is taken; there are no aliases here (the official client sends true)
        input.optBoolean("ForceAliasCreation");
        input.optString("Session", 20, 2048);
        ignoredContext(input);
        String poolId = clientOf(clientId, username, secretHash);
        steps.confirmSignUp(poolId, username, code, call.origin());
        return Map.of();
    }

    private CodeDeliveryResponse resendConfirmationCode(Input input, Call call) {
        String clientId = clientId(input);
        String username = username(input);
        String secretHash = secretHash(input);
        ignoredContext(input);
        steps.resendSignUpCode(clientOf(clientId, username, secretHash), username, call.origin());
        return new CodeDeliveryResponse(null);
    }

    private CodeDeliveryResponse forgotPassword(Input input, Call call) {
        String clientId = clientId(input);
        String username = username(input);
        String secretHash = secretHash(input);
        ignoredContext(input);
        steps.requestPasswordReset(clientOf(clientId, username, secretHash), username, call.origin());
        return new CodeDeliveryResponse(null);
    }

    private Map<String, Object> confirmForgotPassword(Input input, Call call) {
        String clientId = clientId(input);
        String username = username(input);
        String code = input.string("ConfirmationCode", 1, 2048, CODE);
        String password = input.string("Password", 1, 256, PASSWORD);
        String secretHash = secretHash(input);
        ignoredContext(input);
        String poolId = clientOf(clientId, username, secretHash);
        steps.confirmPasswordReset(poolId, username, code, password, call.origin());
        return Map.of();
    }

    private Map<String, Object> revokeToken(Input input, Call call) {
        String token = input.string("Token", 1, Integer.MAX_VALUE, AccessTokenCaller.TOKEN);
        String clientId = clientId(input);
        String clientSecret = input.optString("ClientSecret", 1, 64, CLIENT_SECRET);
        input.optStringMap("ClientMetadata");
        try {
            revocation.revoke(token, clientId, clientSecret, call.origin());
        } catch (AuthledgerException refused) {
            if (refused.code() == ErrorCode.NotAuthorized) {
                throw new CognitoError("UnauthorizedException", 401, RefreshTokenRevocation.INVALID);
            }
            throw refused;
        }
        return Map.of();
    }

    // ---- members

    private static String clientId(Input input) {
        return Members.clientId(input);
    }

    private static String username(Input input) {
        return input.string("Username", 1, 128, USERNAME);
    }

    private static String secretHash(Input input) {
        return input.optString("SecretHash", 1, 128, SECRET_HASH);
    }

    /** Members the service accepts in their shape and does not use. */
    private static void ignoredContext(Input input) {
        input.optStringMap("ClientMetadata");
        input.optObject("UserContextData");
        input.optObject("AnalyticsMetadata");
    }

    /**
     * The pool of the named app client, once the SecretHash proves the caller holds its secret (when it has one);
     * checked before any user is looked up, so its refusals say nothing of the user.
     */
    private String clientOf(String clientId, String username, String secretHash) {
        String poolId = SignInOperations.poolOfClient(clients, clientId);
        clients.verify(poolId, clientId, username, secretHash);
        return poolId;
    }
}
