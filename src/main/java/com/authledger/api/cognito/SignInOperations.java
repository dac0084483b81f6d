package com.authledger.api.cognito;

import com.authledger.infra.RequestMetadata;
import com.authledger.api.cognito.SignInShapes.AssociateSoftwareTokenResponse;
import com.authledger.api.cognito.SignInShapes.AuthResponse;
import com.authledger.api.cognito.SignInShapes.VerifySoftwareTokenResponse;
import com.authledger.client.AppClientVerifier;
import com.authledger.client.api.AuthFlow;
import com.authledger.security.UserPrincipal;
import com.authledger.signin.OwnAccount;
import com.authledger.signin.SignInOutcome;
import com.authledger.signin.SignInService;
import com.authledger.signin.SignInService.Initiation;
import com.authledger.signin.StepUp;
import com.authledger.user.api.SignInContext;
import com.authledger.user.Results.CodeVerdict;
import com.authledger.user.Results.SoftwareTokenSecret;
import com.authledger.user.api.Initiator;
import com.authledger.user.api.UserCommand;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Cognito's sign-in: AdminInitiateAuth and AdminRespondToAuthChallenge (signed, by the host service), InitiateAuth
 * and RespondToAuthChallenge (unsigned, by the end user's app, which names only its app client: the pool is the
 * client's), and the authenticator enrolment AssociateSoftwareToken / VerifySoftwareToken, with the Session of an
 * MFA_SETUP (the pool is the session's) or with an access token (as the self-service API). Every step is
 * {@link SignInService}'s or {@link OwnAccount}'s, exactly as for the REST API.
 */
@Component
class SignInOperations implements CognitoOperation.Group {

    static final Pattern USER_CODE = Pattern.compile("[0-9]+");
    static final String CLIENT_NOT_FOUND = "User pool client does not exist.";

    /** Cognito's AuthFlowType; the ones this service does not answer ({@link AuthFlow#answers}) are refused by name. */
    enum AuthFlowType {
        USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH,
        ADMIN_USER_PASSWORD_AUTH, USER_AUTH
    }

    private final SignInService signIn;
    private final AppClientVerifier clients;
    private final OwnAccount ownAccount;
    private final AccessTokenCaller tokens;

    SignInOperations(SignInService signIn, AppClientVerifier clients, OwnAccount ownAccount,
                     AccessTokenCaller tokens) {
        this.signIn = signIn;
        this.clients = clients;
        this.ownAccount = ownAccount;
        this.tokens = tokens;
    }

    @Override
    public List<CognitoOperation> operations() {
        return List.of(
                CognitoOperation.admin("AdminInitiateAuth", this::adminInitiateAuth),
                CognitoOperation.admin("AdminRespondToAuthChallenge", this::adminRespondToAuthChallenge),
                CognitoOperation.unsigned("InitiateAuth", this::initiateAuth),
                CognitoOperation.unsigned("RespondToAuthChallenge", this::respondToAuthChallenge),
                CognitoOperation.unsigned("AssociateSoftwareToken", this::associateSoftwareToken),
                CognitoOperation.unsigned("VerifySoftwareToken", this::verifySoftwareToken));
    }

    // ---- InitiateAuth

    private AuthResponse adminInitiateAuth(Input input, Call call) {
        String poolId = Members.userPoolId(input);
        String clientId = Members.clientId(input);
        AuthFlowType flow = flow(input);
        Map<String, String> parameters = input.optStringMap("AuthParameters");
        input.optStringMap("ClientMetadata");
        SignInContext context = adminContext(input.optObject("ContextData"));
        return AuthResponse.of(signIn.initiate(poolId, new Initiation(clientId, flow.name(), parameters, context),
                true, call.origin()));
    }

    private AuthResponse initiateAuth(Input input, Call call) {
        String clientId = Members.clientId(input);
        AuthFlowType flow = flow(input);
        Map<String, String> parameters = input.optStringMap("AuthParameters");
        input.optStringMap("ClientMetadata");
        input.optObject("UserContextData");
        input.optObject("AnalyticsMetadata");
        String poolId = poolOfClient(clients, clientId);
        // the end user calls directly: the request's own address and user agent are theirs
        return AuthResponse.of(signIn.initiate(poolId, new Initiation(clientId, flow.name(), parameters,
                OwnAccount.context(call.origin())), false, call.origin()));
    }

    private static AuthFlowType flow(Input input) {
        AuthFlowType flow = input.enumValue("AuthFlow", AuthFlowType.class);
        if (!AuthFlow.answers(flow.name())) {
            throw CognitoError.invalidParameter(flow + " is not supported by this "
                    + "service: sign in with USER_PASSWORD_AUTH or ADMIN_USER_PASSWORD_AUTH.");
        }
        return flow;
    }

    /** ContextData of an Admin call: the end user's address and user agent, as the host service saw them. */
    private static SignInContext adminContext(Input context) {
        if (context == null) {
            return SignInContext.NONE;
        }
        String ip = context.string("IpAddress");
        context.string("ServerName");
        context.string("ServerPath");
        String userAgent = null;
        List<Input> headers = context.optObjectList("HttpHeaders", 1000);
        for (Input header : headers == null ? List.<Input>of() : headers) {
            String name = header.optString("headerName");
            if (name != null && name.toLowerCase(Locale.ROOT).equals("user-agent")) {
                userAgent = header.optString("headerValue");
            }
        }
        userAgent = RequestMetadata.userAgentOf(userAgent);
        return new SignInContext(ip, userAgent == null || userAgent.isBlank() ? null : userAgent, null);
    }

    // ---- RespondToAuthChallenge

    private AuthResponse adminRespondToAuthChallenge(Input input, Call call) {
        String poolId = Members.userPoolId(input);
        String clientId = Members.clientId(input);
        String challenge = input.string("ChallengeName", 1, 64);
        String session = input.optString("Session", 20, 2048);
        Map<String, String> responses = input.optStringMap("ChallengeResponses");
        input.optStringMap("ClientMetadata");
        SignInContext context = adminContext(input.optObject("ContextData"));
        return AuthResponse.of(signIn.respond(poolId, clientId, challenge, session, responses, context,
                call.origin()));
    }

    private AuthResponse respondToAuthChallenge(Input input, Call call) {
        String clientId = Members.clientId(input);
        String challenge = input.string("ChallengeName", 1, 64);
        String session = input.optString("Session", 20, 2048);
        Map<String, String> responses = input.optStringMap("ChallengeResponses");
        input.optStringMap("ClientMetadata");
        input.optObject("UserContextData");
        input.optObject("AnalyticsMetadata");
        String poolId = poolOfClient(clients, clientId);
        return AuthResponse.of(signIn.respond(poolId, clientId, challenge, session, responses,
                OwnAccount.context(call.origin()), call.origin()));
    }

    /** The pool of the app client an unsigned call names; Cognito does not repeat the id in its refusal. */
    /** The pool of an app client, for the operations that name only the client; ResourceNotFound without it. */
    static String poolOfClient(AppClientVerifier clients, String clientId) {
        return clients.poolOf(clientId).orElseThrow(() -> CognitoError.resourceNotFound(CLIENT_NOT_FOUND));
    }

    // ---- the authenticator: with the Session of an MFA_SETUP, or with an access token

    private AssociateSoftwareTokenResponse associateSoftwareToken(Input input, Call call) {
        String session = sessionOrToken(input);
        if (session != null) {
            SignInOutcome outcome = signIn.associateSoftwareToken(session, call.origin());
            return new AssociateSoftwareTokenResponse(outcome.softwareToken().secretCode(), outcome.session());
        }
        UserPrincipal me = tokens.caller(input);
        var origin = call.as(me.actor());
        var command = new UserCommand.AssociateSoftwareToken(me.sub(), Initiator.USER);
        ownAccount.requireStepUpFor(command, me.token(), call.request().getHeader(StepUp.HEADER), origin);
        SoftwareTokenSecret secret = ownAccount.send(command, origin);
        ownAccount.awaitProjection(me.sub());
        return new AssociateSoftwareTokenResponse(secret.secretCode(), null);
    }

    private VerifySoftwareTokenResponse verifySoftwareToken(Input input, Call call) {
        String session = sessionOrToken(input);
        String code = input.string("UserCode", 6, 6, USER_CODE);
        String deviceName = input.optString("FriendlyDeviceName", 1, 128);
        if (session != null) {
            SignInOutcome outcome = signIn.verifySoftwareToken(session, code, deviceName, call.origin());
            return new VerifySoftwareTokenResponse("SUCCESS", outcome.session());
        }
        UserPrincipal me = tokens.caller(input);
        var origin = call.as(me.actor());
        var command = new UserCommand.VerifySoftwareToken(me.sub(), code, deviceName, false, Initiator.USER);
        ownAccount.requireStepUpFor(command, me.token(), call.request().getHeader(StepUp.HEADER), origin);
        ownAccount.<CodeVerdict>send(command, origin).orThrow();
        ownAccount.awaitProjection(me.sub());
        return new VerifySoftwareTokenResponse("SUCCESS", null);
    }

    /** The Session when the call is made with one; null when with an access token. Exactly one must be given. */
    private static String sessionOrToken(Input input) {
        boolean token = input.has("AccessToken");
        boolean session = input.has("Session");
        if (token == session) {
            throw CognitoError.invalidParameter("Exactly one of AccessToken and Session must be given.");
        }
        return session ? input.string("Session", 20, 2048) : null;
    }
}
