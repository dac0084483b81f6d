package com.authledger.api.rest;

import com.authledger.api.rest.UserController.AttributeRequest;
import com.authledger.api.rest.UserController.MfaPreferenceRequest;
import com.authledger.api.rest.UserController.PhoneNumberRequest;
import com.authledger.api.rest.UserController.RecoveryCodesResponse;
import com.authledger.api.rest.UserController.SoftwareTokenResponse;
import com.authledger.api.rest.UserController.VerifyAttributeRequest;
import com.authledger.api.rest.UserController.VerifySoftwareTokenRequest;
import com.authledger.api.rest.UserController.VerifySoftwareTokenResponse;
import com.authledger.api.rest.UserResponses.CodeDeliveryResponse;
import com.authledger.api.rest.UserResponses.UserResponse;
import com.authledger.pool.PoolContext;
import com.authledger.pool.PoolDirectory;
import com.authledger.security.UserPrincipal;
import com.authledger.shared.InvalidInput;
import com.authledger.signin.OwnAccount;
import com.authledger.signin.StepUp;
import com.authledger.user.User;
import com.authledger.user.Results.CodeDelivery;
import com.authledger.user.Results.CodeVerdict;
import com.authledger.user.Results.MfaPreference;
import com.authledger.user.Results.RecoveryCodes;
import com.authledger.user.Results.SoftwareTokenSecret;
import com.authledger.user.UserSecrets;
import com.authledger.user.api.Attributes;
import com.authledger.user.api.Initiator;
import com.authledger.user.api.UserCommand;
import com.authledger.user.read.UserQueries;
import com.authledger.web.RequestMetadataResolver;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in user's own account, authenticated by their access token ({@code Authorization: Bearer <access
 * token>}, checked by {@code AccessTokenAuthenticationFilter}; API keys are not accepted here). The user is the
 * token's {@code sub} in the token's pool: no path names a user, so no call reaches another user's data. The
 * operations mirror the admin ones of {@link UserController} with their answers, recorded as the user's own
 * ({@link Initiator#USER}); changes to the factors, the phone number or the recovery codes need a {@link StepUp}.
 */
@RestController
@RequestMapping(path = "/api/v1/me", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Self-service with an access token")
@SecurityRequirement(name = OpenApiConfiguration.ACCESS_TOKEN)
class MeController {

    /** The step-up header, as documented on the operations that need a step-up. */
    static final String STEP_UP_DOC = "A current code of the user's authenticator or an unused recovery code; needed "
            + "when the token's sign-in is 5 minutes old or more (else 403 StepUpRequired)";

    private final OwnAccount ownAccount;
    private final UserQueries queries;
    private final PoolDirectory pools;
    private final UserSecrets secrets;
    private final RequestMetadataResolver metadata;

    MeController(OwnAccount ownAccount, UserQueries queries, PoolDirectory pools, UserSecrets secrets,
                 RequestMetadataResolver metadata) {
        this.ownAccount = ownAccount;
        this.queries = queries;
        this.pools = pools;
        this.secrets = secrets;
        this.metadata = metadata;
    }

    @Operation(summary = "The signed-in user, their MFA status and what their sign-in asks for (GetUser)")
    @GetMapping
    UserResponse get() {
        return read(me());
    }

    @Operation(summary = "Change one's phone number: the verified one keeps serving until the new one is verified "
            + "(step-up)")
    @PutMapping(path = "/phone-number", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Parameter(in = ParameterIn.HEADER, name = StepUp.HEADER, description = STEP_UP_DOC)
    UserResponse changePhoneNumber(@RequestBody PhoneNumberRequest body, HttpServletRequest request) {
        UserPrincipal me = me();
        InvalidInput.require("phoneNumber", body.phoneNumber());
        var command = new UserCommand.UpdateUserAttributes(me.sub(), new Attributes(null, null, body.phoneNumber(),
                null, body.verified()), Initiator.USER);
        requireStepUpFor(command, me, request);
        send(command, request);
        return readAfterWrite(me);
    }

    @Operation(summary = "Send a verification code to one's phone number or email (GetUserAttributeVerificationCode)")
    @PostMapping(path = "/attribute-verification-code", consumes = MediaType.APPLICATION_JSON_VALUE)
    CodeDeliveryResponse requestVerification(@RequestBody AttributeRequest body, HttpServletRequest request) {
        CodeDelivery delivery = send(new UserCommand.RequestContactVerification(me().sub(),
                UserController.contact(body.attribute())), request);
        return CodeDeliveryResponse.of(delivery);
    }

    @Operation(summary = "Verify one's phone number (step-up) or email with its code (VerifyUserAttribute)")
    @PostMapping(path = "/verify-attribute", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Parameter(in = ParameterIn.HEADER, name = StepUp.HEADER, description = STEP_UP_DOC)
    UserResponse verifyAttribute(@RequestBody VerifyAttributeRequest body, HttpServletRequest request) {
        UserPrincipal me = me();
        var command = new UserCommand.VerifyContact(me.sub(), UserController.contact(body.attribute()), body.code(),
                Initiator.USER);
        requireStepUpFor(command, me, request);
        this.<CodeVerdict>send(command, request).orThrow();
        return readAfterWrite(me);
    }

    @Operation(summary = "Associate a new authenticator (AssociateSoftwareToken; step-up): the only answer that holds "
            + "the secret")
    @PostMapping("/software-token")
    @Parameter(in = ParameterIn.HEADER, name = StepUp.HEADER, description = STEP_UP_DOC)
    SoftwareTokenResponse associateSoftwareToken(HttpServletRequest request) {
        UserPrincipal me = me();
        var command = new UserCommand.AssociateSoftwareToken(me.sub(), Initiator.USER);
        requireStepUpFor(command, me, request);
        SoftwareTokenSecret secret = send(command, request);
        awaitProjection(me.sub());
        return new SoftwareTokenResponse(secret.secretCode(), secret.otpauthUri());
    }

    @Operation(summary = "Verify the associated authenticator with a code (VerifySoftwareToken; step-up)")
    @PostMapping(path = "/software-token/verify", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Parameter(in = ParameterIn.HEADER, name = StepUp.HEADER, description = STEP_UP_DOC)
    VerifySoftwareTokenResponse verifySoftwareToken(@RequestBody VerifySoftwareTokenRequest body,
                                                    HttpServletRequest request) {
        UserPrincipal me = me();
        var command = new UserCommand.VerifySoftwareToken(me.sub(), body.userCode(), body.friendlyDeviceName(),
                false, Initiator.USER);
        requireStepUpFor(command, me, request);
        this.<CodeVerdict>send(command, request).orThrow();
        awaitProjection(me.sub());
        return new VerifySoftwareTokenResponse("SUCCESS");
    }

    @Operation(summary = "Enable, disable or prefer SMS and TOTP (SetUserMFAPreference; step-up)")
    @PutMapping(path = "/mfa-preference", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Parameter(in = ParameterIn.HEADER, name = StepUp.HEADER, description = STEP_UP_DOC)
    UserResponse setMfaPreference(@RequestBody MfaPreferenceRequest body, HttpServletRequest request) {
        UserPrincipal me = me();
        var command = new UserCommand.SetUserMfaPreference(me.sub(), body.sms(), body.softwareToken(),
                Initiator.USER);
        requireStepUpFor(command, me, request);
        MfaPreference preference = send(command, request);
        return preference.changed() ? readAfterWrite(me) : read(me);
    }

    @Operation(summary = "Generate 10 single-use recovery codes, shown once; a new set voids the previous one "
            + "(step-up)")
    @PostMapping("/recovery-codes")
    @ResponseStatus(HttpStatus.CREATED)
    @Parameter(in = ParameterIn.HEADER, name = StepUp.HEADER, description = STEP_UP_DOC)
    RecoveryCodesResponse generateRecoveryCodes(HttpServletRequest request) {
        UserPrincipal me = me();
        var command = new UserCommand.GenerateRecoveryCodes(me.sub(), Initiator.USER);
        requireStepUpFor(command, me, request);
        RecoveryCodes codes = send(command, request);
        awaitProjection(me.sub());
        return new RecoveryCodesResponse(codes.codes());
    }

    record ChangePasswordRequest(String previousPassword, String proposedPassword) {
        @Override
        public String toString() {
            return "ChangePasswordRequest[redacted]";
        }
    }

    @Operation(summary = "Change one's password, proving the previous one (ChangePassword): a wrong one counts towards "
            + "the lockout; every refresh token of the user is revoked, and every access token issued before is "
            + "refused")
    @PutMapping(path = "/password", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changePassword(@RequestBody ChangePasswordRequest body, HttpServletRequest request) {
        ownAccount.changePassword(me().token(), body.previousPassword(), body.proposedPassword(),
                metadata.resolve(request).onBehalfOf(null));
    }

    @Operation(summary = "Sign out everywhere (GlobalSignOut): every refresh token of the user is revoked, and every "
            + "access token issued before is refused")
    @PostMapping("/sign-out")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void signOut(HttpServletRequest request) {
        send(new UserCommand.RevokeTokens(me().sub(), Initiator.USER), request);
    }

    // ---- helpers

    /** The caller, as the access-token filter authenticated them for this request. */
    private static UserPrincipal me() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof UserPrincipal principal)) {
            throw new IllegalStateException("A self-service call reached the controller without an access token");
        }
        return principal;
    }

    /** The step-up the domain's policy asks for before {@code command}, answered by the X-MFA-Code header. */
    private void requireStepUpFor(Object command, UserPrincipal me, HttpServletRequest request) {
        ownAccount.requireStepUpFor(command, me.token(), request.getHeader(StepUp.HEADER),
                metadata.resolve(request).onBehalfOf(null));
    }

    private <R> R send(Object command, HttpServletRequest request) {
        return ownAccount.send(command, metadata.resolve(request).onBehalfOf(null));
    }

    private UserResponse read(UserPrincipal me) {
        PoolContext pool = pools.require(me.poolId());
        return queries.user(me.poolId(), me.sub())
                .flatMap(row -> UserResponse.readable(row, secrets, pool.mfa()))
                .orElseThrow(User::notFound);
    }

    private UserResponse readAfterWrite(UserPrincipal me) {
        awaitProjection(me.sub());
        return read(me);
    }

    private void awaitProjection(String sub) {
        ownAccount.awaitProjection(sub);
    }
}
