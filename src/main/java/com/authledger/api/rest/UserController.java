package com.authledger.api.rest;

import com.authledger.api.PublicAccountSteps;
import com.authledger.api.UserAdministration;
import com.authledger.api.UserAdministration.UserRef;
import com.authledger.api.rest.PoolResponses.PageResponse;
import com.authledger.api.rest.UserResponses.Accepted;
import com.authledger.api.rest.UserResponses.CodeDeliveryResponse;
import com.authledger.api.rest.UserResponses.SignUpResponse;
import com.authledger.api.rest.UserResponses.UserResponse;
import com.authledger.audit.AuditEntry;
import com.authledger.audit.AuditFilter;
import com.authledger.audit.AuditQueries;
import com.authledger.infra.RequestMetadata;
import com.authledger.limits.GuessLimits;
import com.authledger.limits.GuessLimits.Guess;
import com.authledger.pool.PoolContext;
import com.authledger.shared.InvalidInput;
import com.authledger.shared.Page;
import com.authledger.user.User;
import com.authledger.user.Results.CodeDelivery;
import com.authledger.user.Results.CodeVerdict;
import com.authledger.user.Results.MfaPreference;
import com.authledger.user.Results.PasswordResetOutcome;
import com.authledger.user.Results.RecoveryCodes;
import com.authledger.user.Results.Registration;
import com.authledger.user.Results.SoftwareTokenSecret;
import com.authledger.user.UserSecrets;
import com.authledger.user.api.Attributes;
import com.authledger.user.api.Contact;
import com.authledger.user.api.FactorPreference;
import com.authledger.user.api.Initiator;
import com.authledger.user.api.UserCommand;
import com.authledger.user.read.UserQueries;
import com.authledger.web.RequestMetadataResolver;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/**
 * A pool's users and their factors. Host services call it for their administrators and on behalf of their users
 * ({@code X-Initiated-By: user} records the change as the user's own). Changes go through the User aggregate; reads
 * come from the users' projection, and a write answers once that projection holds it.
 */
@RestController
@RequestMapping(path = "/api/v1/pools/{poolId}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Users and their factors")
class UserController {

    static final String INITIATED_BY = "X-Initiated-By";
    /** A refused reset answers no sooner than this after the request arrived, whether the user exists or not. */
    private static final String GENERIC_RESET_ANSWER = "If the user exists and has a recovery channel disjoint from "
            + "its MFA factor, a reset code was sent to it.";

    private final UserAdministration users;
    private final PublicAccountSteps publicSteps;
    private final UserQueries queries;
    private final UserSecrets secrets;
    private final AuditQueries audit;
    private final RequestMetadataResolver metadata;
    private final GuessLimits guesses;

    UserController(UserAdministration users, PublicAccountSteps publicSteps, UserQueries queries,
                   UserSecrets secrets, AuditQueries audit, RequestMetadataResolver metadata, GuessLimits guesses) {
        this.users = users;
        this.publicSteps = publicSteps;
        this.queries = queries;
        this.secrets = secrets;
        this.audit = audit;
        this.metadata = metadata;
        this.guesses = guesses;
    }

    // ---- bodies: their toString never shows a password, a code, a phone number, an email or a name (Spring MVC
    // logs what it read at DEBUG)

    record CreateUserRequest(String username, String temporaryPassword, String name, String email,
                             String phoneNumber, Boolean emailVerified, Boolean phoneNumberVerified) {
        @Override
        public String toString() {
            return "CreateUserRequest[redacted]";
        }
    }

    record SignUpRequest(String username, String password, String name, String email, String phoneNumber,
                         EndUserContext context) {
        @Override
        public String toString() {
            return "SignUpRequest[redacted]";
        }
    }

    record AttributesRequest(String name, String email, String phoneNumber, Boolean emailVerified,
                             Boolean phoneNumberVerified) {
        @Override
        public String toString() {
            return "AttributesRequest[redacted]";
        }
    }

    record PhoneNumberRequest(String phoneNumber, Boolean verified) {
        @Override
        public String toString() {
            return "PhoneNumberRequest[redacted]";
        }
    }

    record AttributeRequest(String attribute, EndUserContext context) {
    }

    record VerifyAttributeRequest(String attribute, String code, EndUserContext context) {
        @Override
        public String toString() {
            return "VerifyAttributeRequest[" + attribute + ", redacted]";
        }
    }

    record CodeRequest(String code, EndUserContext context) {
        @Override
        public String toString() {
            return "CodeRequest[redacted]";
        }
    }

    /** The optional body of a call on an end user's behalf that needs nothing else. */
    record ContextRequest(EndUserContext context) {
    }

    record PasswordRequest(String password, Boolean permanent) {
        @Override
        public String toString() {
            return "PasswordRequest[redacted]";
        }
    }

    record VerifySoftwareTokenRequest(String userCode, String friendlyDeviceName) {
        @Override
        public String toString() {
            return "VerifySoftwareTokenRequest[redacted]";
        }
    }

    record MfaPreferenceRequest(FactorPreference sms, FactorPreference softwareToken) {
    }

    record ForgotPasswordRequest(String username, EndUserContext context) {
    }

    record ConfirmForgotPasswordRequest(String username, String code, String password, EndUserContext context) {
        @Override
        public String toString() {
            return "ConfirmForgotPasswordRequest[redacted]";
        }
    }

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record AdminResetResponse(UserResponse user, CodeDeliveryResponse codeDeliveryDetails, String notSentBecause) {
    }

    record VerifySoftwareTokenResponse(String status) {
    }

    record SoftwareTokenResponse(String secretCode, String otpauthUri) {
    }

    record RecoveryCodesResponse(List<String> recoveryCodes) {
    }

    // ---- registration and lifecycle

    @Operation(summary = "Create a user with a temporary password (AdminCreateUser): FORCE_CHANGE_PASSWORD")
    @PostMapping(path = "/users", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UserResponse> create(@PathVariable String poolId, @RequestBody CreateUserRequest body,
                                        HttpServletRequest request) {
        requireAdminInitiated(request);
        PoolContext pool = requirePool(poolId);
        Registration created = send(new UserCommand.AdminCreateUser(newSub(), poolId, body.username(),
                body.temporaryPassword(), new Attributes(body.name(), body.email(), body.phoneNumber(),
                body.emailVerified(), body.phoneNumberVerified())), request);
        awaitProjection(created.sub());
        // past the write-wait (another node projecting slowly), the answer is what the command knows
        UserResponse user = users.row(poolId, created.sub())
                .flatMap(row -> UserResponse.readable(row, secrets, pool.mfa()))
                .orElseGet(() -> UserResponse.registered(created));
        return ResponseEntity.created(URI.create("/api/v1/pools/" + poolId + "/users/" + created.sub())).body(user);
    }

    @Operation(summary = "Self-service registration (SignUp): UNCONFIRMED until ConfirmSignUp")
    @PostMapping(path = "/sign-up", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    SignUpResponse signUp(@PathVariable String poolId, @RequestBody SignUpRequest body, HttpServletRequest request) {
        Registration created = publicSteps.signUp(poolId, body.username(), body.password(),
                new Attributes(body.name(), body.email(), body.phoneNumber(), null, null),
                EndUserContext.origin(metadata, request, body.context()));
        return new SignUpResponse(created.sub(), created.username(), created.status(), false,
                CodeDeliveryResponse.of(created.codeDelivery()));
    }

    @Operation(summary = "Confirm a sign-up with the code sent to the user (ConfirmSignUp)")
    @PostMapping(path = "/users/{username}/confirm-sign-up", consumes = MediaType.APPLICATION_JSON_VALUE)
    UserResponse confirmSignUp(@PathVariable String poolId, @PathVariable String username,
                               @RequestBody CodeRequest body, HttpServletRequest request) {
        UserRef user = resolve(poolId, username);
        String sub = user.sub();
        guessed(poolId, new UserCommand.ConfirmSignUp(sub, body.code()),
                EndUserContext.origin(metadata, request, body.context())).orThrow();
        return readAfterWrite(user);
    }

    @Operation(summary = "Confirm a sign-up without a code (AdminConfirmSignUp)")
    @PostMapping("/users/{username}/admin-confirm-sign-up")
    UserResponse adminConfirmSignUp(@PathVariable String poolId, @PathVariable String username,
                                    HttpServletRequest request) {
        requireAdminInitiated(request);
        UserRef user = resolve(poolId, username);
        String sub = user.sub();
        send(new UserCommand.AdminConfirmSignUp(sub), request);
        return readAfterWrite(user);
    }

    @Operation(summary = "Send a new sign-up code (ResendConfirmationCode)")
    @PostMapping("/users/{username}/resend-confirmation-code")
    CodeDeliveryResponse resendConfirmationCode(@PathVariable String poolId, @PathVariable String username,
                                                @RequestBody(required = false) ContextRequest body,
                                                HttpServletRequest request) {
        CodeDelivery delivery = send(new UserCommand.ResendSignUpCode(resolve(poolId, username).sub()),
                EndUserContext.origin(metadata, request, body == null ? null : body.context()));
        return CodeDeliveryResponse.of(delivery);
    }

    @Operation(summary = "List the pool's users, oldest first")
    @GetMapping("/users")
    PageResponse<UserResponse> list(@PathVariable String poolId, @RequestParam(required = false) Integer pageSize,
                                    @RequestParam(required = false) String pageToken) {
        PoolContext pool = requirePool(poolId);
        Page<com.authledger.user.read.UserRow> page = queries.users(poolId, Page.size(pageSize),
                Page.after(pageToken));
        return new PageResponse<>(page.items().stream().flatMap(row -> UserResponse.readable(row, secrets, pool.mfa()).stream()).toList(),
                page.nextPageToken());
    }

    @Operation(summary = "Read a user (AdminGetUser), by username (any case) or sub")
    @GetMapping("/users/{username}")
    UserResponse get(@PathVariable String poolId, @PathVariable String username) {
        return read(resolve(poolId, username));
    }

    @Operation(summary = "Delete a user: its name is free again and its secrets are crypto-shredded")
    @DeleteMapping("/users/{username}")
    ResponseEntity<Void> delete(@PathVariable String poolId, @PathVariable String username,
                                HttpServletRequest request) {
        UserRef user = resolve(poolId, username);
        String sub = user.sub();
        send(new UserCommand.DeleteUser(sub, initiator(request)), request);
        users.awaitRemoval(sub);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Set a user's password (AdminSetUserPassword): permanent, or temporary")
    @PutMapping(path = "/users/{username}/password", consumes = MediaType.APPLICATION_JSON_VALUE)
    UserResponse setPassword(@PathVariable String poolId, @PathVariable String username,
                             @RequestBody PasswordRequest body, HttpServletRequest request) {
        requireAdminInitiated(request);
        UserRef user = resolve(poolId, username);
        String sub = user.sub();
        send(new UserCommand.AdminSetUserPassword(sub, body.password(), Boolean.TRUE.equals(body.permanent())),
                request);
        return readAfterWrite(user);
    }

    @Operation(summary = "Require a password reset (AdminResetUserPassword): RESET_REQUIRED, and a reset code")
    @PostMapping("/users/{username}/password-reset")
    AdminResetResponse adminResetPassword(@PathVariable String poolId, @PathVariable String username,
                                          HttpServletRequest request) {
        requireAdminInitiated(request);
        UserRef user = resolve(poolId, username);
        String sub = user.sub();
        PasswordResetOutcome outcome = send(new UserCommand.AdminResetUserPassword(sub), request);
        return new AdminResetResponse(readAfterWrite(user), CodeDeliveryResponse.of(outcome.codeDelivery()),
                outcome.notSentBecause());
    }

    @Operation(summary = "Ask for a password reset code (ForgotPassword); the answer never says whether it was sent")
    @PostMapping(path = "/forgot-password", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Accepted forgotPassword(@PathVariable String poolId, @RequestBody ForgotPasswordRequest body,
                            HttpServletRequest request) {
        publicSteps.requestPasswordReset(poolId, body.username(),
                EndUserContext.origin(metadata, request, body.context()));
        return new Accepted(GENERIC_RESET_ANSWER);
    }

    @Operation(summary = "Set a new password with a reset code (ConfirmForgotPassword)")
    @PostMapping(path = "/confirm-forgot-password", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void confirmForgotPassword(@PathVariable String poolId, @RequestBody ConfirmForgotPasswordRequest body,
                               HttpServletRequest request) {
        publicSteps.confirmPasswordReset(poolId, body.username(), body.code(), body.password(),
                EndUserContext.origin(metadata, request, body.context()));
    }

    // ---- attributes and their verification

    @Operation(summary = "Update name, email and phone number (UpdateUserAttributes); \"\" removes a value")
    @PatchMapping(path = "/users/{username}/attributes", consumes = MediaType.APPLICATION_JSON_VALUE)
    UserResponse updateAttributes(@PathVariable String poolId, @PathVariable String username,
                                  @RequestBody AttributesRequest body, HttpServletRequest request) {
        UserRef user = resolve(poolId, username);
        String sub = user.sub();
        send(new UserCommand.UpdateUserAttributes(sub, new Attributes(body.name(), body.email(), body.phoneNumber(),
                body.emailVerified(), body.phoneNumberVerified()), initiator(request)), request);
        return readAfterWrite(user);
    }

    @Operation(summary = "Change the phone number (ChangePhoneNumber): a verified number keeps serving until the "
            + "new one is verified")
    @PutMapping(path = "/users/{username}/phone-number", consumes = MediaType.APPLICATION_JSON_VALUE)
    UserResponse changePhoneNumber(@PathVariable String poolId, @PathVariable String username,
                                   @RequestBody PhoneNumberRequest body, HttpServletRequest request) {
        UserRef user = resolve(poolId, username);
        String sub = user.sub();
        InvalidInput.require("phoneNumber", body.phoneNumber());
        send(new UserCommand.UpdateUserAttributes(sub, new Attributes(null, null, body.phoneNumber(), null,
                body.verified()), initiator(request)), request);
        return readAfterWrite(user);
    }

    @Operation(summary = "Send a verification code to the phone number or email (GetUserAttributeVerificationCode)")
    @PostMapping(path = "/users/{username}/attribute-verification-code", consumes = MediaType.APPLICATION_JSON_VALUE)
    CodeDeliveryResponse requestVerification(@PathVariable String poolId, @PathVariable String username,
                                             @RequestBody AttributeRequest body, HttpServletRequest request) {
        UserRef user = resolve(poolId, username);
        String sub = user.sub();
        CodeDelivery delivery = send(new UserCommand.RequestContactVerification(sub, contact(body.attribute())),
                EndUserContext.origin(metadata, request, body.context()));
        return CodeDeliveryResponse.of(delivery);
    }

    @Operation(summary = "Verify the phone number or email with its code (VerifyUserAttribute)")
    @PostMapping(path = "/users/{username}/verify-attribute", consumes = MediaType.APPLICATION_JSON_VALUE)
    UserResponse verifyAttribute(@PathVariable String poolId, @PathVariable String username,
                                 @RequestBody VerifyAttributeRequest body, HttpServletRequest request) {
        UserRef user = resolve(poolId, username);
        String sub = user.sub();
        guessed(poolId, new UserCommand.VerifyContact(sub, contact(body.attribute()), body.code(),
                initiator(request)), EndUserContext.origin(metadata, request, body.context())).orThrow();
        return readAfterWrite(user);
    }

    // ---- software token

    @Operation(summary = "Associate a new authenticator (AssociateSoftwareToken): the only answer that holds the "
            + "secret")
    @PostMapping("/users/{username}/software-token")
    SoftwareTokenResponse associateSoftwareToken(@PathVariable String poolId, @PathVariable String username,
                                                 HttpServletRequest request) {
        UserRef user = resolve(poolId, username);
        String sub = user.sub();
        SoftwareTokenSecret secret = send(new UserCommand.AssociateSoftwareToken(sub, initiator(request)), request);
        awaitProjection(sub);
        return new SoftwareTokenResponse(secret.secretCode(), secret.otpauthUri());
    }

    @Operation(summary = "Verify the associated authenticator with a code (VerifySoftwareToken)")
    @PostMapping(path = "/users/{username}/software-token/verify", consumes = MediaType.APPLICATION_JSON_VALUE)
    VerifySoftwareTokenResponse verifySoftwareToken(@PathVariable String poolId, @PathVariable String username,
                                                    @RequestBody VerifySoftwareTokenRequest body,
                                                    HttpServletRequest request) {
        UserRef user = resolve(poolId, username);
        String sub = user.sub();
        this.<CodeVerdict>send(new UserCommand.VerifySoftwareToken(sub, body.userCode(), body.friendlyDeviceName(),
                false, initiator(request)), request).orThrow();
        awaitProjection(sub);
        return new VerifySoftwareTokenResponse("SUCCESS");
    }

    @Operation(summary = "Remove the user's authenticator (AdminDeleteSoftwareToken): TOTP off until a new one")
    @DeleteMapping("/users/{username}/software-token")
    UserResponse resetSoftwareToken(@PathVariable String poolId, @PathVariable String username,
                                    HttpServletRequest request) {
        requireAdminInitiated(request);
        UserRef user = resolve(poolId, username);
        String sub = user.sub();
        send(new UserCommand.ResetSoftwareToken(sub), request);
        return readAfterWrite(user);
    }

    // ---- MFA preferences and recovery codes

    @Operation(summary = "Enable, disable or prefer SMS and TOTP (SetUserMFAPreference); an absent factor is kept")
    @PutMapping(path = "/users/{username}/mfa-preference", consumes = MediaType.APPLICATION_JSON_VALUE)
    UserResponse setMfaPreference(@PathVariable String poolId, @PathVariable String username,
                                  @RequestBody MfaPreferenceRequest body, HttpServletRequest request) {
        UserRef user = resolve(poolId, username);
        String sub = user.sub();
        MfaPreference preference = send(new UserCommand.SetUserMfaPreference(sub, body.sms(), body.softwareToken(),
                initiator(request)), request);
        return preference.changed() ? readAfterWrite(user) : read(user);
    }

    @Operation(summary = "Generate 10 single-use recovery codes, shown once; a new set voids the previous one")
    @PostMapping("/users/{username}/recovery-codes")
    @ResponseStatus(HttpStatus.CREATED)
    RecoveryCodesResponse generateRecoveryCodes(@PathVariable String poolId, @PathVariable String username,
                                                HttpServletRequest request) {
        UserRef user = resolve(poolId, username);
        String sub = user.sub();
        RecoveryCodes codes = send(new UserCommand.GenerateRecoveryCodes(sub, initiator(request)), request);
        awaitProjection(sub);
        return new RecoveryCodesResponse(codes.codes());
    }

    // ---- tokens

    @Operation(summary = "Sign the user out everywhere (AdminUserGlobalSignOut): every refresh token of the user is "
            + "revoked, and every access token issued before is refused")
    @PostMapping("/users/{username}/sign-out")
    ResponseEntity<Void> globalSignOut(@PathVariable String poolId, @PathVariable String username,
                                       HttpServletRequest request) {
        UserRef user = resolve(poolId, username);
        send(new UserCommand.RevokeTokens(user.sub(), initiator(request)), request);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "The user's MFA history: who enabled, disabled or reset a factor, oldest first")
    @GetMapping("/users/{username}/mfa-history")
    PageResponse<AuditEntry> history(@PathVariable String poolId, @PathVariable String username,
                                     @RequestParam(required = false) String from,
                                     @RequestParam(required = false) String to,
                                     @RequestParam(required = false) Integer pageSize,
                                     @RequestParam(required = false) String pageToken) {
        UserRef user = resolve(poolId, username);
        String sub = user.sub();
        Page<AuditEntry> page = audit.find(new AuditFilter(poolId, sub, Params.instant("from", from),
                Params.instant("to", to), null), Page.size(pageSize), Page.after(pageToken));
        return new PageResponse<>(page.items(), page.nextPageToken());
    }

    // ---- helpers

    private <R> R send(Object command, HttpServletRequest request) {
        return send(command, metadata.resolve(request));
    }

    private <R> R send(Object command, RequestMetadata origin) {
        return users.send(command, origin);
    }

    /** A command that tries a code: under the guess limits of the end user's address, counted when wrong. */
    private CodeVerdict guessed(String poolId, Object command, RequestMetadata origin) {
        return guesses.tried(Guess.CODE, poolId, origin.endUserIp(), () -> send(command, origin),
                PublicAccountSteps.WRONG);
    }

    private PoolContext requirePool(String poolId) {
        return users.requirePool(poolId);
    }

    private UserRef resolve(String poolId, String username) {
        return users.resolve(poolId, username);
    }

    private UserResponse read(UserRef user) {
        return users.row(user)
                .flatMap(row -> UserResponse.readable(row, secrets, user.pool().mfa()))
                .orElseThrow(User::notFound);
    }

    private UserResponse readAfterWrite(UserRef user) {
        awaitProjection(user.sub());
        return read(user);
    }

    /** Read-your-writes: wait until the users' projection holds the user's latest event. */
    private void awaitProjection(String sub) {
        users.awaitProjection(sub);
    }

    private static Initiator initiator(HttpServletRequest request) {
        String value = request.getHeader(INITIATED_BY);
        if (value == null || value.equalsIgnoreCase("admin")) {
            return Initiator.ADMIN;
        }
        if (value.equalsIgnoreCase("user")) {
            return Initiator.USER;
        }
        throw new InvalidInput(INITIATED_BY, "must be admin or user");
    }

    /** Calls only an administrator makes: the user cannot be named as their initiator. */
    private static void requireAdminInitiated(HttpServletRequest request) {
        if (initiator(request) != Initiator.ADMIN) {
            throw new InvalidInput(INITIATED_BY, "must be admin (or absent) for this administrator's call");
        }
    }

    static Contact contact(String attribute) {
        InvalidInput.require("attribute", attribute);
        for (Contact contact : Contact.values()) {
            if (contact.attribute().equals(attribute)) {
                return contact;
            }
        }
        throw new InvalidInput("attribute", "must be phone_number or email");
    }

    private static String newSub() {
        return UserAdministration.newSub();
    }

}
