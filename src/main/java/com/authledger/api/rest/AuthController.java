package com.authledger.api.rest;

import com.authledger.signin.SignInOutcome;
import com.authledger.signin.SignInService;
import com.authledger.signin.SignInService.Initiation;
import com.authledger.user.api.SignInContext;
import com.authledger.web.RequestMetadataResolver;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * Sign-in for host services: InitiateAuth (USER_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH,
 * REFRESH_TOKEN_AUTH), RespondToAuthChallenge, and the session-bound authenticator enrolment of MFA_SETUP. Shapes
 * follow Cognito's, in camelCase; the end user's IP address, user agent and device id travel in {@code context}, as
 * the host service saw them (the caller's own address is not the end user's).
 */
@RestController
@RequestMapping(path = "/api/v1/pools/{poolId}/auth", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Sign-in")
class AuthController {

    private final SignInService signIn;
    private final RequestMetadataResolver metadata;

    AuthController(SignInService signIn, RequestMetadataResolver metadata) {
        this.signIn = signIn;
        this.metadata = metadata;
    }

    // bodies and answers carry passwords, codes, sessions and tokens: their toString never shows them (Spring MVC
    // logs what it read and wrote at DEBUG)

    record InitiateRequest(String clientId, String authFlow, Map<String, String> authParameters,
                           EndUserContext context) {
        @Override
        public String toString() {
            return "InitiateRequest[" + clientId + ", " + authFlow + ", redacted]";
        }
    }

    record RespondRequest(String clientId, String challengeName, String session,
                          Map<String, String> challengeResponses, EndUserContext context) {
        @Override
        public String toString() {
            return "RespondRequest[" + clientId + ", " + challengeName + ", redacted]";
        }
    }

    record SessionRequest(String session) {
        @Override
        public String toString() {
            return "SessionRequest[redacted]";
        }
    }

    record VerifySessionTokenRequest(String session, String userCode, String friendlyDeviceName) {
        @Override
        public String toString() {
            return "VerifySessionTokenRequest[redacted]";
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AuthenticationResult(String accessToken, String idToken, String refreshToken, long expiresIn,
                                String tokenType) {
        @Override
        public String toString() {
            return "AuthenticationResult[redacted, expiresIn=" + expiresIn + "]";
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AuthResponse(String challengeName, String session, Map<String, String> challengeParameters,
                        AuthenticationResult authenticationResult) {

        static AuthResponse of(SignInOutcome outcome) {
            if (outcome.tokens() != null) {
                var issued = outcome.tokens().issued();
                return new AuthResponse(null, null, null, new AuthenticationResult(issued.accessToken(),
                        issued.idToken(), outcome.tokens().refreshToken(), issued.expiresIn(), "Bearer"));
            }
            return new AuthResponse(outcome.challenge().name(), outcome.session(), outcome.parameters(), null);
        }

        @Override
        public String toString() {
            return "AuthResponse[" + (challengeName != null ? challengeName + ", session redacted"
                    : authenticationResult) + "]";
        }
    }

    record AssociateResponse(String secretCode, String otpauthUri, String session) {
        @Override
        public String toString() {
            return "AssociateResponse[redacted]";
        }
    }

    record VerifyResponse(String status, String session) {
        @Override
        public String toString() {
            return "VerifyResponse[" + status + ", redacted]";
        }
    }

    @Operation(summary = "Start a sign-in (InitiateAuth): a password, SRP_A (USER_SRP_AUTH: answers "
            + "PASSWORD_VERIFIER), or a refresh token; answers a challenge or tokens")
    @PostMapping(path = "/initiate", consumes = MediaType.APPLICATION_JSON_VALUE)
    AuthResponse initiate(@PathVariable String poolId, @RequestBody InitiateRequest body,
                          HttpServletRequest request) {
        SignInContext context = EndUserContext.signIn(body.context());
        return AuthResponse.of(signIn.initiate(poolId, new Initiation(body.clientId(), body.authFlow(),
                body.authParameters(), context), true, metadata.resolve(request).onBehalfOf(context.ipAddress())));
    }

    @Operation(summary = "Answer a sign-in challenge (RespondToAuthChallenge; PASSWORD_VERIFIER may omit the session, "
            + "its SECRET_BLOCK names it); answers the next challenge or tokens")
    @PostMapping(path = "/respond", consumes = MediaType.APPLICATION_JSON_VALUE)
    AuthResponse respond(@PathVariable String poolId, @RequestBody RespondRequest body,
                         HttpServletRequest request) {
        SignInContext context = EndUserContext.signIn(body.context());
        return AuthResponse.of(signIn.respond(poolId, body.clientId(), body.challengeName(), body.session(),
                body.challengeResponses(), context, metadata.resolve(request).onBehalfOf(context.ipAddress())));
    }

    @Operation(summary = "MFA_SETUP: a new authenticator secret for the signing-in user (AssociateSoftwareToken "
            + "with Session)")
    @PostMapping(path = "/software-token/associate", consumes = MediaType.APPLICATION_JSON_VALUE)
    AssociateResponse associateSoftwareToken(@PathVariable String poolId, @RequestBody SessionRequest body,
                                             HttpServletRequest request) {
        SignInOutcome outcome = signIn.associateSoftwareToken(poolId, body.session(),
                metadata.resolve(request).onBehalfOf(null));
        return new AssociateResponse(outcome.softwareToken().secretCode(), outcome.softwareToken().otpauthUri(),
                outcome.session());
    }

    @Operation(summary = "MFA_SETUP: prove the new authenticator with a code, which enables TOTP (VerifySoftwareToken "
            + "with Session); answer MFA_SETUP with the returned session to finish")
    @PostMapping(path = "/software-token/verify", consumes = MediaType.APPLICATION_JSON_VALUE)
    VerifyResponse verifySoftwareToken(@PathVariable String poolId, @RequestBody VerifySessionTokenRequest body,
                                       HttpServletRequest request) {
        SignInOutcome outcome = signIn.verifySoftwareToken(poolId, body.session(), body.userCode(),
                body.friendlyDeviceName(), metadata.resolve(request).onBehalfOf(null));
        return new VerifyResponse("SUCCESS", outcome.session());
    }
}
