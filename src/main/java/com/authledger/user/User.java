package com.authledger.user;

import com.authledger.message.Deliveries;
import com.authledger.message.OutboundMessage;
import com.authledger.shared.EventTime;
import com.authledger.pool.PoolContext;
import com.authledger.pool.PoolDirectory;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.InvalidInput;
import com.authledger.shared.RuleViolation;
import com.authledger.user.Results.CodeDelivery;
import com.authledger.user.Results.CodeVerdict;
import com.authledger.user.Results.MfaPreference;
import com.authledger.user.Results.PasswordResetOutcome;
import com.authledger.user.Results.RecoveryCodes;
import com.authledger.user.Results.Registration;
import com.authledger.user.Results.SoftwareTokenSecret;
import com.authledger.user.UserSecrets.Field;
import com.authledger.user.api.Attributes;
import com.authledger.user.api.Channel;
import com.authledger.user.api.CodePurpose;
import com.authledger.user.api.Codes;
import com.authledger.user.api.Contact;
import com.authledger.user.api.FactorPreference;
import com.authledger.user.api.Initiator;
import com.authledger.user.api.PasswordChange;
import com.authledger.user.api.UserCommand.ChangePassword;
import com.authledger.user.api.UserCommand.AdminConfirmSignUp;
import com.authledger.user.api.UserCommand.AdminCreateUser;
import com.authledger.user.api.UserCommand.AdminResetUserPassword;
import com.authledger.user.api.UserCommand.AdminSetUserPassword;
import com.authledger.user.api.UserCommand.AssociateSoftwareToken;
import com.authledger.user.api.UserCommand.ConfirmPasswordReset;
import com.authledger.user.api.UserCommand.ConfirmSignUp;
import com.authledger.user.api.UserCommand.DeleteUser;
import com.authledger.user.api.UserCommand.GenerateRecoveryCodes;
import com.authledger.user.api.UserCommand.RequestContactVerification;
import com.authledger.user.api.UserCommand.RequestPasswordReset;
import com.authledger.user.api.UserCommand.ResendSignUpCode;
import com.authledger.user.api.UserCommand.ResetSoftwareToken;
import com.authledger.user.api.UserCommand.SetUserMfaPreference;
import com.authledger.user.api.UserCommand.SignUp;
import com.authledger.user.api.UserCommand.UpdateUserAttributes;
import com.authledger.user.api.UserCommand.VerifyContact;
import com.authledger.user.api.UserCommand.VerifySoftwareToken;
import com.authledger.user.api.UserEvent.CodeRejected;
import com.authledger.user.api.UserEvent.CodeSent;
import com.authledger.user.api.UserEvent.ContactChanged;
import com.authledger.user.api.UserEvent.ContactRemoved;
import com.authledger.user.api.UserEvent.ContactVerified;
import com.authledger.user.api.UserEvent.MfaPreferenceChanged;
import com.authledger.user.api.UserEvent.NameChanged;
import com.authledger.user.api.UserEvent.PasswordChanged;
import com.authledger.user.api.UserEvent.PasswordResetRefused;
import com.authledger.user.api.UserEvent.PasswordResetRequired;
import com.authledger.user.api.UserEvent.RecoveryCodeRedeemed;
import com.authledger.user.api.UserEvent.RecoveryCodesGenerated;
import com.authledger.user.api.UserEvent.SignUpConfirmed;
import com.authledger.user.api.UserEvent.SoftwareTokenAssociated;
import com.authledger.user.api.UserEvent.SoftwareTokenCodeAccepted;
import com.authledger.user.api.UserEvent.SoftwareTokenCodeRejected;
import com.authledger.user.api.UserEvent.SoftwareTokenReset;
import com.authledger.user.api.UserEvent.SoftwareTokenVerified;
import com.authledger.user.api.UserEvent.UserDeleted;
import com.authledger.user.api.UserEvent.UserRegistered;
import com.authledger.user.api.SignInContext;
import com.authledger.token.TokenFamilies;
import com.authledger.user.Results.PasswordVerdict;
import com.authledger.user.Results.SignInProfile;
import com.authledger.user.Results.StepVerdict;
import com.authledger.user.SignInRequirement.Factor;
import com.authledger.user.api.RevocationReason;
import com.authledger.user.api.SignInStep;
import com.authledger.user.api.UserCommand.AuthenticateSignInStep;
import com.authledger.user.api.UserCommand.ClearSignInFailures;
import com.authledger.user.api.UserCommand.CompleteNewPassword;
import com.authledger.user.api.UserCommand.DescribeSignIn;
import com.authledger.user.api.UserCommand.EnableSmsMfaAtSignIn;
import com.authledger.user.api.UserCommand.RevokeTokens;
import com.authledger.user.api.UserCommand.VerifySignInPassword;
import com.authledger.user.api.UserCommand.DescribePasswordVerifier;
import com.authledger.user.api.UserCommand.VerifySignInPasswordClaim;
import com.authledger.user.password.Srp6a;
import com.authledger.user.api.UserEvent.SignInFailuresCleared;
import com.authledger.user.api.UserEvent.SignInStepFailed;
import com.authledger.user.api.UserEvent.TokensRevoked;
import com.authledger.user.api.UserStatus;
import com.authledger.user.api.VerifiedThrough;
import com.authledger.user.factor.Totp;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/**
 * A member of a pool and everything it enrolled: its status, contact values and their verification, its password
 * (an SRP verifier), its authenticator, its MFA preferences and its recovery codes. It holds only sealed values and
 * code HMACs, so neither its events nor its snapshots carry a plaintext secret or number; plaintexts exist in a
 * command handler's memory and in the messages it hands over for delivery after commit.
 *
 * <p>Rules, each refusing before anything is applied: SMS MFA only where the pool offers SMS and the phone number is
 * verified; TOTP only after a verified authenticator and where the pool offers TOTP; one preferred factor at most; a
 * new number stays pending while the verified one keeps serving; codes single use, valid for their purpose's time,
 * at most 5 wrong tries and 5 sends an hour.
 */
@Revision("2")
@Aggregate(snapshotTriggerDefinition = "userSnapshotTrigger", cache = "userCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class User {

    /** The one answer for a user that does not exist, or no longer: it never names the user asked for. */
    public static AuthledgerException notFound() {
        return new RuleViolation(ErrorCode.UserNotFound, "User does not exist.");
    }

    static final int MAX_WRONG_CODES = 5;
    static final int MAX_SENDS_PER_HOUR = 5;
    private static final Duration SEND_WINDOW = Duration.ofHours(1);

    /** A contact attribute: its serving value (sealed), whether it is verified, and a new value awaiting it. */
    record ContactState(String value, boolean verified, String pending) {
        static final ContactState NONE = new ContactState(null, false, null);
    }

    record PendingCode(String mac, Channel channel, Instant expiresAt, int wrongAttempts) {
    }

    @AggregateIdentifier
    private String sub;
    private String poolId;
    private String username;
    private UserStatus status;
    /** The password's SRP salt and verifier, sealed: never the password. */
    private String sealedVerifier;
    private String sealedName;
    private Map<Contact, ContactState> contacts = new HashMap<>();
    private Map<CodePurpose, PendingCode> codes = new HashMap<>();
    private List<Instant> recentSends = new ArrayList<>();
    private Authenticator authenticator = Authenticator.NONE;
    private boolean smsEnabled;
    private boolean smsPreferred;
    private boolean totpEnabled;
    private boolean totpPreferred;
    private List<String> recoveryCodeMacs = new ArrayList<>();
    private String lastResetRefusal;
    private Instant lastResetRefusalAt;
    private int signInFailures;
    private Instant lastSignInFailureAt;

    public User() {
        // for Axon: a new user, or one rebuilt from its events or a snapshot
    }

    // ---- registration and lifecycle

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    public Registration handle(SignUp command, PoolDirectory pools, UsernameRegistry names, UserSecrets secrets,
                               Deliveries deliveries, Clock clock) {
        PoolContext pool = pool(pools, command.poolId());
        pool.passwordPolicy().check(command.password());
        Attributes attributes = command.attributes();
        requireNoVouching(attributes);
        Instant now = EventTime.now(clock);
        register(pool, command.sub(), command.username(), command.password(), UserStatus.UNCONFIRMED,
                Initiator.USER, attributes, names, secrets, now);
        CodeDelivery delivery = signUpContact(pool)
                .map(contact -> sendCode(CodePurpose.SIGN_UP, contact, pool, secrets, deliveries, now))
                .orElse(null);
        return new Registration(sub, username, status, delivery);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    public Registration handle(AdminCreateUser command, PoolDirectory pools, UsernameRegistry names,
                               UserSecrets secrets, Clock clock) {
        PoolContext pool = pool(pools, command.poolId());
        pool.passwordPolicy().check(command.temporaryPassword());
        register(pool, command.sub(), command.username(), command.temporaryPassword(),
                UserStatus.FORCE_CHANGE_PASSWORD, Initiator.ADMIN, command.attributes(), names, secrets, EventTime.now(clock));
        return new Registration(sub, username, status, null);
    }

    private void register(PoolContext pool, String newSub, String name, String password, UserStatus initialStatus,
                          Initiator by, Attributes attributes, UsernameRegistry names, UserSecrets secrets,
                          Instant now) {
        names.claim(pool.poolId(), name, newSub, now);
        String sealedName = attributes.name() == null || attributes.name().isEmpty() ? null
                : secrets.seal(newSub, Field.NAME, attributes.name());
        apply(new UserRegistered(newSub, pool.poolId(), name, initialStatus, by,
                secrets.sealedVerifier(newSub, pool.srpPoolName(), password), sealedName, now));
        for (Contact contact : Contact.values()) {
            String value = attributes.value(contact);
            if (value != null && !value.isEmpty()) {
                apply(new ContactChanged(newSub, pool.poolId(), contact, secrets.seal(newSub, field(contact), value), false,
                        attributes.vouched(contact), by, now));
            }
        }
    }

    /** The attribute a sign-up code goes to: the phone number when the pool verifies phones and can send SMS. */
    private Optional<Contact> signUpContact(PoolContext pool) {
        if (pool.verification().verifiesPhoneNumbers() && pool.canSendSms() && hasValue(Contact.PHONE_NUMBER)) {
            return Optional.of(Contact.PHONE_NUMBER);
        }
        if (pool.verification().autoVerifiedAttributes().contains(Contact.EMAIL.attribute())
                && hasValue(Contact.EMAIL)) {
            return Optional.of(Contact.EMAIL);
        }
        return Optional.empty();
    }

    @CommandHandler
    public CodeVerdict handle(ConfirmSignUp command, UserSecrets secrets, Clock clock) {
        requireStatus(UserStatus.UNCONFIRMED);
        Instant now = EventTime.now(clock);
        PendingCode pending = codes.get(CodePurpose.SIGN_UP);
        CodeVerdict verdict = check(CodePurpose.SIGN_UP, command.code(), secrets, now);
        if (verdict == CodeVerdict.ACCEPTED) {
            apply(new SignUpConfirmed(sub, poolId, Initiator.USER, now));
            Contact confirmedOver = Contact.over(pending.channel());
            if (!contact(confirmedOver).verified() && hasValue(confirmedOver)) {
                apply(new ContactVerified(sub, poolId, confirmedOver, VerifiedThrough.SIGN_UP_CODE, Initiator.USER,
                        now));
            }
        }
        return verdict;
    }

    @CommandHandler
    public void handle(AdminConfirmSignUp command, Clock clock) {
        requireStatus(UserStatus.UNCONFIRMED);
        apply(new SignUpConfirmed(sub, poolId, Initiator.ADMIN, EventTime.now(clock)));
    }

    @CommandHandler
    public CodeDelivery handle(ResendSignUpCode command, PoolDirectory pools, UserSecrets secrets,
                               Deliveries deliveries, Clock clock) {
        requireStatus(UserStatus.UNCONFIRMED);
        PoolContext pool = pool(pools, poolId);
        Contact contact = signUpContact(pool).orElseThrow(() -> new RuleViolation(ErrorCode.InvalidUserState,
                "The pool verifies neither phone numbers nor email addresses this user has; an admin confirms the "
                        + "user instead."));
        return sendCode(CodePurpose.SIGN_UP, contact, pool, secrets, deliveries, EventTime.now(clock));
    }

    @CommandHandler
    public void handle(AdminSetUserPassword command, PoolDirectory pools, UserSecrets secrets, TokenFamilies families,
                       Clock clock) {
        PoolContext pool = pool(pools, poolId);
        pool.passwordPolicy().check(command.password());
        Instant now = EventTime.now(clock);
        apply(new PasswordChanged(sub, poolId, secrets.sealedVerifier(sub, pool.srpPoolName(), command.password()),
                !command.permanent(), PasswordChange.SET_BY_ADMIN, Initiator.ADMIN, now));
        revokeTokens(RevocationReason.PASSWORD_CHANGED, Initiator.ADMIN, families, now, false);
    }

    @CommandHandler
    public void handle(DeleteUser command, UsernameRegistry names, UserSecrets secrets, TokenFamilies families,
                       Clock clock) {
        Instant now = EventTime.now(clock);
        revokeTokens(RevocationReason.USER_DELETED, command.by(), families, now, false);
        apply(new UserDeleted(sub, poolId, username, command.by(), now));
        names.release(poolId, sub);
        secrets.shred(sub);
    }

    // ---- attributes and their verification

    @CommandHandler
    public void handle(UpdateUserAttributes command, PoolDirectory pools, UserSecrets secrets, Deliveries deliveries,
                       Clock clock) {
        Attributes attributes = command.attributes();
        if (command.by() == Initiator.USER) {
            requireNoVouching(attributes);
        }
        Instant now = EventTime.now(clock);
        if (attributes.name() != null) {
            String name = attributes.name().isEmpty() ? null : attributes.name();
            if (!Objects.equals(name, secrets.open(sub, Field.NAME, sealedName))) {
                apply(new NameChanged(sub, poolId, secrets.seal(sub, Field.NAME, name), command.by(), now));
            }
        }
        if (attributes.phoneNumber() != null && attributes.phoneNumber().isEmpty() && smsEnabled) {
            throw new RuleViolation(ErrorCode.InvalidUserState, "SMS MFA is enabled for this user: disable it "
                    + "before removing the phone number.");
        }
        for (Contact contact : Contact.values()) {
            String value = attributes.value(contact);
            if (value != null) {
                changeContact(contact, value, attributes.vouched(contact), command.by(), pools, secrets, deliveries,
                        now);
            }
        }
    }

    private void changeContact(Contact contact, String value, boolean vouched, Initiator by, PoolDirectory pools,
                               UserSecrets secrets, Deliveries deliveries, Instant now) {
        ContactState state = contact(contact);
        if (value.isEmpty()) {
            if (state.value() != null || state.pending() != null) {
                apply(new ContactRemoved(sub, poolId, contact, by, now));
            }
            return;
        }
        String current = secrets.open(sub, field(contact), state.value());
        if (value.equals(current)) {
            if (vouched && !state.verified()) {
                apply(new ContactVerified(sub, poolId, contact, VerifiedThrough.ADMIN, by, now));
            } else if (state.pending() != null) {
                // back to the value that serves: the pending change is withdrawn
                apply(new ContactChanged(sub, poolId, contact, state.value(), false, state.verified(), by, now));
            }
            return;
        }
        if (!vouched && state.pending() != null && value.equals(secrets.open(sub, field(contact), state.pending()))) {
            return;
        }
        boolean pending = state.verified() && !vouched;
        boolean tellOldValue = state.verified() && sendBudgetLeft(now);
        apply(new ContactChanged(sub, poolId, contact, secrets.seal(sub, field(contact), value), pending, vouched, by,
                now));
        if (tellOldValue) {
            tellOldValueOfChange(contact, current, pool(pools, poolId), deliveries);
        }
    }

    /** The verified value is told of a change away from it, so its owner can react if they did not ask for it. */
    private void tellOldValueOfChange(Contact contact, String oldValue, PoolContext pool, Deliveries deliveries) {
        String text = "The " + (contact == Contact.PHONE_NUMBER ? "phone number" : "email address") + " of your "
                + pool.name() + " account is being changed. If you did not ask for this, contact your administrator.";
        if (contact == Contact.PHONE_NUMBER && pool.canSendSms()) {
            deliveries.afterCommit(OutboundMessage.sms(poolId, pool.mfa().smsSender(), oldValue, text,
                    "phone-number-changed"));
        } else if (contact == Contact.EMAIL) {
            deliveries.afterCommit(OutboundMessage.email(poolId, oldValue, "Your email address is being changed",
                    text, "email-changed"));
        }
    }

    @CommandHandler
    public CodeDelivery handle(RequestContactVerification command, PoolDirectory pools, UserSecrets secrets,
                               Deliveries deliveries, Clock clock) {
        Contact contact = command.contact();
        ContactState state = contact(contact);
        if (state.value() == null && state.pending() == null) {
            throw missing(contact);
        }
        if (state.pending() == null && state.verified()) {
            throw new RuleViolation(ErrorCode.InvalidUserState, "The " + contact.attribute()
                    + " is verified already; there is nothing to verify.");
        }
        return sendCode(CodePurpose.verifying(contact), contact, pool(pools, poolId), secrets, deliveries,
                EventTime.now(clock));
    }

    @CommandHandler
    public CodeVerdict handle(VerifyContact command, UserSecrets secrets, Clock clock) {
        Instant now = EventTime.now(clock);
        CodeVerdict verdict = check(CodePurpose.verifying(command.contact()), command.code(), secrets, now);
        if (verdict == CodeVerdict.ACCEPTED) {
            apply(new ContactVerified(sub, poolId, command.contact(), VerifiedThrough.CODE, command.by(), now));
        }
        return verdict;
    }

    // ---- software token (TOTP)

    @CommandHandler
    public SoftwareTokenSecret handle(AssociateSoftwareToken command, PoolDirectory pools, UserSecrets secrets,
                                      Clock clock) {
        requireConfirmedSignUp();
        PoolContext pool = pool(pools, poolId);
        if (!pool.supportsTotp()) {
            throw notOffered("TOTP (software token)");
        }
        String secret = secrets.totp().newSecret();
        apply(new SoftwareTokenAssociated(sub, poolId, secrets.seal(sub, Field.TOTP_SECRET, secret), command.by(),
                EventTime.now(clock)));
        return new SoftwareTokenSecret(secret, Totp.otpauthUri(pool.name(), username, secret));
    }

    @CommandHandler
    public CodeVerdict handle(VerifySoftwareToken command, PoolDirectory pools, UserSecrets secrets, Clock clock) {
        requireConfirmedSignUp();
        if (!authenticator.pending()) {
            throw new RuleViolation(ErrorCode.SoftwareTokenNotFound,
                    "Software Token MFA does not exist for the user: associate a software token first.");
        }
        boolean enable = command.enableTotp() && pool(pools, poolId).supportsTotp();
        Instant now = EventTime.now(clock);
        OptionalLong step = secrets.totp().matchedStep(
                secrets.open(sub, Field.TOTP_SECRET, authenticator.sealedPendingSecret()), command.code(), now);
        if (step.isPresent()) {
            apply(new SoftwareTokenVerified(sub, poolId, authenticator.sealedPendingSecret(),
                    command.friendlyDeviceName(), step.getAsLong(), enable, command.by(), now));
            return CodeVerdict.ACCEPTED;
        }
        int wrong = authenticator.pendingWrongAttempts() + 1;
        apply(new SoftwareTokenCodeRejected(sub, poolId, wrong, wrong >= MAX_WRONG_CODES, now));
        return CodeVerdict.MISMATCH;
    }

    @CommandHandler
    public boolean handle(ResetSoftwareToken command, TokenFamilies families, Clock clock) {
        if (!authenticator.enrolled() && !authenticator.pending()) {
            return false;
        }
        Instant now = EventTime.now(clock);
        apply(new SoftwareTokenReset(sub, poolId, Initiator.ADMIN, now));
        revokeTokens(RevocationReason.FACTOR_RESET, Initiator.ADMIN, families, now, false);
        return true;
    }

    // ---- MFA preferences

    @CommandHandler
    public MfaPreference handle(SetUserMfaPreference command, PoolDirectory pools, Clock clock) {
        requireConfirmedSignUp();
        FactorPreference sms = command.sms() != null ? command.sms() : new FactorPreference(smsEnabled,
                smsPreferred && !(command.softwareToken() != null && command.softwareToken().preferred()));
        FactorPreference totp = command.softwareToken() != null ? command.softwareToken()
                : new FactorPreference(totpEnabled, totpPreferred && !sms.preferred());
        if (sms.enabled() && !smsEnabled) {
            PoolContext pool = pool(pools, poolId);
            if (!pool.supportsSms()) {
                throw notOffered("SMS");
            }
            ContactState phone = contact(Contact.PHONE_NUMBER);
            if (phone.value() == null) {
                throw new RuleViolation(ErrorCode.PhoneNumberMissing,
                        "User does not have a phone_number set to turn on SMS MFA");
            }
            if (!phone.verified()) {
                throw new RuleViolation(ErrorCode.PhoneNumberNotVerified,
                        "SMS MFA needs a verified phone number: verify the user's phone_number first.");
            }
        }
        if (totp.enabled() && !totpEnabled) {
            if (!pool(pools, poolId).supportsTotp()) {
                throw notOffered("TOTP (software token)");
            }
            if (!authenticator.enrolled()) {
                throw new RuleViolation(ErrorCode.SoftwareTokenNotFound, "User has not set up software token mfa");
            }
        }
        boolean changed = sms.enabled() != smsEnabled || sms.preferred() != smsPreferred
                || totp.enabled() != totpEnabled || totp.preferred() != totpPreferred;
        if (changed) {
            apply(new MfaPreferenceChanged(sub, poolId, sms.enabled(), sms.preferred(), totp.enabled(),
                    totp.preferred(), command.by(), EventTime.now(clock)));
        }
        return new MfaPreference(smsEnabled, smsPreferred, totpEnabled, totpPreferred, changed);
    }

    // ---- recovery codes

    @CommandHandler
    public RecoveryCodes handle(GenerateRecoveryCodes command, UserSecrets secrets, Clock clock) {
        requireConfirmedSignUp();
        List<String> fresh = secrets.newRecoveryCodes();
        apply(new RecoveryCodesGenerated(sub, poolId,
                fresh.stream().map(code -> secrets.recoveryCodeMac(sub, code)).toList(), command.by(), EventTime.now(clock)));
        return new RecoveryCodes(fresh);
    }

    // ---- password reset

    /** Public answers say nothing of the outcome; the refusal's reason is recorded for the audit history. */
    @CommandHandler
    public PasswordResetOutcome handle(RequestPasswordReset command, PoolDirectory pools, UserSecrets secrets,
                                       Deliveries deliveries, Clock clock) {
        PoolContext pool = pool(pools, poolId);
        Instant now = EventTime.now(clock);
        String refusal = status == UserStatus.UNCONFIRMED ? "The user has not confirmed their sign-up."
                : resetRefusal(pool, now);
        if (refusal != null) {
            // one record per reason and hour: a public endpoint must not grow the history without bound
            if (!(refusal.equals(lastResetRefusal) && lastResetRefusalAt.isAfter(now.minus(SEND_WINDOW)))) {
                apply(new PasswordResetRefused(sub, poolId, refusal, now));
            }
            return new PasswordResetOutcome(null, refusal);
        }
        return new PasswordResetOutcome(sendCode(CodePurpose.RESET_PASSWORD, resetChannel(pool), pool, secrets,
                deliveries, now), null);
    }

    /** RESET_REQUIRED, and a reset code when a channel allows; the admin is told when none does. */
    @CommandHandler
    public PasswordResetOutcome handle(AdminResetUserPassword command, PoolDirectory pools, UserSecrets secrets,
                                       Deliveries deliveries, TokenFamilies families, Clock clock) {
        if (status == UserStatus.UNCONFIRMED) {
            throw new RuleViolation(ErrorCode.InvalidUserState,
                    "The user has not confirmed their sign-up; confirm it, or delete the user.");
        }
        PoolContext pool = pool(pools, poolId);
        Instant now = EventTime.now(clock);
        String refusal = resetRefusal(pool, now);
        apply(new PasswordResetRequired(sub, poolId, Initiator.ADMIN, now));
        revokeTokens(RevocationReason.PASSWORD_RESET, Initiator.ADMIN, families, now, false);
        if (refusal != null) {
            apply(new PasswordResetRefused(sub, poolId, refusal, now));
            return new PasswordResetOutcome(null, refusal);
        }
        return new PasswordResetOutcome(sendCode(CodePurpose.RESET_PASSWORD, resetChannel(pool), pool, secrets,
                deliveries, now), null);
    }

    /**
     * Recovery stays disjoint from the authentication factor: no reset code over SMS to a user whose MFA factor is
     * SMS (Cognito's AccountRecoverySetting rule); the verified email serves instead, if there is one.
     */
    private Contact resetChannel(PoolContext pool) {
        if (contact(Contact.PHONE_NUMBER).verified() && !smsEnabled && pool.canSendSms()) {
            return Contact.PHONE_NUMBER;
        }
        return contact(Contact.EMAIL).verified() ? Contact.EMAIL : null;
    }

    /** Why no reset code can be sent now, or null. */
    private String resetRefusal(PoolContext pool, Instant now) {
        if (resetChannel(pool) == null) {
            return contact(Contact.PHONE_NUMBER).verified() && smsEnabled
                    ? "SMS is the user's MFA factor, so it cannot also recover the account, and the user has no "
                    + "verified email."
                    : "The user has no verified phone number the pool can send to and no verified email.";
        }
        return sendBudgetLeft(now) ? null
                : "More than " + MAX_SENDS_PER_HOUR + " messages were sent to the user within the hour.";
    }

    @CommandHandler
    public CodeVerdict handle(ConfirmPasswordReset command, PoolDirectory pools, UserSecrets secrets,
                              TokenFamilies families, Clock clock) {
        PoolContext pool = pool(pools, poolId);
        pool.passwordPolicy().check(command.password());
        Instant now = EventTime.now(clock);
        CodeVerdict verdict = check(CodePurpose.RESET_PASSWORD, command.code(), secrets, now);
        if (verdict == CodeVerdict.ACCEPTED) {
            apply(new PasswordChanged(sub, poolId, secrets.sealedVerifier(sub, pool.srpPoolName(),
                    command.password()), false, PasswordChange.RESET_WITH_CODE, Initiator.USER, now));
            revokeTokens(RevocationReason.PASSWORD_RESET, Initiator.USER, families, now, false);
        }
        return verdict;
    }

    // ---- sign-in

    @CommandHandler
    public PasswordVerdict handle(VerifySignInPassword command, PoolDirectory pools, UserSecrets secrets,
                                  Clock clock) {
        Instant now = EventTime.now(clock);
        PoolContext pool = pool(pools, poolId);
        PasswordVerdict refused = passwordRefused(() -> secrets.passwordMatches(sub, pool.srpPoolName(),
                command.password(), sealedVerifier), command.context(), now);
        return refused != null ? refused : PasswordVerdict.accepted(completingProfile(pool, secrets, now));
    }

    /**
     * ChangePassword: the pool's policy first (a refused password changes nothing), then the previous password as a
     * sign-in checks it (the same lockout and count); once changed, the user's tokens are revoked.
     */
    @CommandHandler
    public PasswordVerdict handle(ChangePassword command, PoolDirectory pools, UserSecrets secrets,
                                  TokenFamilies families, Clock clock) {
        PoolContext pool = pool(pools, poolId);
        pool.passwordPolicy().check(command.proposedPassword());
        Instant now = EventTime.now(clock);
        PasswordVerdict refused = passwordRefused(() -> sealedVerifier != null
                && secrets.passwordMatches(sub, pool.srpPoolName(), command.previousPassword(), sealedVerifier),
                command.context(), now);
        if (refused != null) {
            return refused;
        }
        apply(new PasswordChanged(sub, poolId, secrets.sealedVerifier(sub, pool.srpPoolName(),
                command.proposedPassword()), false, PasswordChange.CHANGED_BY_USER, Initiator.USER, now));
        revokeTokens(RevocationReason.PASSWORD_CHANGED, Initiator.USER, families, now, false);
        return PasswordVerdict.accepted(null);
    }

    @CommandHandler
    public Srp6a.Verifier handle(DescribePasswordVerifier command, UserSecrets secrets) {
        return sealedVerifier == null ? null : secrets.verifier(sub, sealedVerifier);
    }

    /** USER_SRP_AUTH's proof of the password: the same lockout, the same count and the same answer as a password. */
    @CommandHandler
    public PasswordVerdict handle(VerifySignInPasswordClaim command, PoolDirectory pools, UserSecrets secrets,
                                  Clock clock) {
        Instant now = EventTime.now(clock);
        PoolContext pool = pool(pools, poolId);
        PasswordVerdict refused = passwordRefused(() -> sealedVerifier != null
                && secrets.claimMatches(sub, command.claim(), sealedVerifier), command.context(), now);
        return refused != null ? refused : PasswordVerdict.accepted(completingProfile(pool, secrets, now));
    }

    /**
     * The password step's rule, whatever proves the password (the password itself, its SRP proof, the previous one
     * of a change): a locked-out user is refused before the proof is checked, and a wrong proof counts towards the
     * lockout. Null when the proof holds.
     */
    private PasswordVerdict passwordRefused(BooleanSupplier proofHolds, SignInContext context, Instant now) {
        Instant locked = Lockout.lockedUntil(signInFailures, lastSignInFailureAt, now);
        if (locked != null) {
            return PasswordVerdict.locked(locked);
        }
        if (!proofHolds.getAsBoolean()) {
            failStep(SignInStep.PASSWORD, context, now);
            return PasswordVerdict.rejected();
        }
        return null;
    }

    /** The profile after a step; when the password alone signs the user in, the sign-in completes here. */
    private SignInProfile completingProfile(PoolContext pool, UserSecrets secrets, Instant now) {
        SignInProfile profile = profile(pool, secrets);
        if (profile.status() == UserStatus.CONFIRMED
                && profile.requirement().step() == SignInRequirement.Step.PASSWORD_ONLY) {
            clearFailures(now);
        }
        return profile;
    }

    @CommandHandler
    public SignInProfile handle(DescribeSignIn command, PoolDirectory pools, UserSecrets secrets) {
        return profile(pool(pools, poolId), secrets);
    }

    @CommandHandler
    public StepVerdict handle(AuthenticateSignInStep command, UserSecrets secrets, Clock clock) {
        Instant now = EventTime.now(clock);
        if (Lockout.lockedUntil(signInFailures, lastSignInFailureAt, now) != null) {
            return new StepVerdict(StepVerdict.Outcome.LOCKED, null);
        }
        String code = command.code();
        if (Codes.isSixDigits(code)) {
            if (command.factor() == Factor.SMS_MFA) {
                if (command.smsCodeMatched()) {
                    return accepted("sms", now);
                }
            } else if (authenticator.enrolled()) {
                OptionalLong step = secrets.totp().matchedStep(
                        secrets.open(sub, Field.TOTP_SECRET, authenticator.sealedSecret()), code, now);
                if (step.isPresent() && authenticator.replays(step.getAsLong())) {
                    failStep(SignInStep.MFA, command.context(), now);
                    return new StepVerdict(StepVerdict.Outcome.REPLAYED, null);
                }
                if (step.isPresent()) {
                    apply(new SoftwareTokenCodeAccepted(sub, poolId, step.getAsLong(), now));
                    return accepted("totp", now);
                }
            }
        } else if (command.recoveryCodeAccepted()
                && Codes.isRecoveryCode(code)) {
            for (int i = 0; i < recoveryCodeMacs.size(); i++) {
                String mac = recoveryCodeMacs.get(i);
                if (mac != null && secrets.recoveryCodeMatches(mac, sub, code)) {
                    apply(new RecoveryCodeRedeemed(sub, poolId, i, now));
                    return accepted("recovery-code", now);
                }
            }
        }
        failStep(SignInStep.MFA, command.context(), now);
        return new StepVerdict(StepVerdict.Outcome.MISMATCH, null);
    }

    /** A right second factor completes the sign-in (or the step-up) it answers: the failure count starts again. */
    private StepVerdict accepted(String method, Instant now) {
        clearFailures(now);
        return new StepVerdict(StepVerdict.Outcome.ACCEPTED, method);
    }

    @CommandHandler
    public SignInProfile handle(CompleteNewPassword command, PoolDirectory pools, UserSecrets secrets,
                                Clock clock) {
        if (status != UserStatus.FORCE_CHANGE_PASSWORD) {
            throw new RuleViolation(ErrorCode.InvalidUserState, "The user has no temporary password to replace.");
        }
        PoolContext pool = pool(pools, poolId);
        pool.passwordPolicy().check(command.password());
        Instant now = EventTime.now(clock);
        apply(new PasswordChanged(sub, poolId, secrets.sealedVerifier(sub, pool.srpPoolName(), command.password()),
                false, PasswordChange.NEW_PASSWORD_REQUIRED, Initiator.USER, now));
        return completingProfile(pool, secrets, now);
    }

    @CommandHandler
    public void handle(EnableSmsMfaAtSignIn command, PoolDirectory pools, Clock clock) {
        ContactState phone = contact(Contact.PHONE_NUMBER);
        if (phone.value() == null || !fingerprint(phone.value()).equals(command.phoneVersion())) {
            throw new RuleViolation(ErrorCode.InvalidUserState,
                    "The phone number changed while its code was on the way; sign in again.");
        }
        if (!pool(pools, poolId).supportsSms()) {
            throw notOffered("SMS");
        }
        Instant now = EventTime.now(clock);
        if (!phone.verified()) {
            apply(new ContactVerified(sub, poolId, Contact.PHONE_NUMBER, VerifiedThrough.SIGN_IN_CODE, Initiator.USER,
                    now));
        }
        if (!smsEnabled) {
            apply(new MfaPreferenceChanged(sub, poolId, true, !totpPreferred, totpEnabled, totpPreferred,
                    Initiator.USER, now));
        }
    }

    @CommandHandler
    public void handle(ClearSignInFailures command, Clock clock) {
        clearFailures(EventTime.now(clock));
    }

    private void clearFailures(Instant now) {
        if (Lockout.counted(signInFailures, lastSignInFailureAt, now) > 0) {
            apply(new SignInFailuresCleared(sub, poolId, now));
        }
    }

    @CommandHandler
    public int handle(RevokeTokens command, TokenFamilies families, Clock clock) {
        return revokeTokens(RevocationReason.SIGNED_OUT, command.by(), families, EventTime.now(clock), true);
    }

    /** Revokes every token family of the user; recorded when there was one to revoke, or when asked for. */
    private int revokeTokens(String reason, Initiator by, TokenFamilies families, Instant now, boolean always) {
        int revoked = families.revokeAll(sub, reason, now);
        if (revoked > 0 || always) {
            apply(new TokensRevoked(sub, poolId, reason, revoked, by, now));
        }
        return revoked;
    }

    private void failStep(SignInStep step, SignInContext context, Instant now) {
        apply(new SignInStepFailed(sub, poolId, step, Lockout.counted(signInFailures, lastSignInFailureAt, now) + 1,
                context.ipAddress(), context.userAgent(), context.deviceId(), now));
    }

    private SignInProfile profile(PoolContext pool, UserSecrets secrets) {
        ContactState phone = contact(Contact.PHONE_NUMBER);
        SignInRequirement requirement = SignInRequirement.of(pool.mfa(), new SignInRequirement.UserFactors(
                smsEnabled, phone.verified(), totpEnabled, authenticator.enrolled()));
        Factor preferred = smsPreferred ? Factor.SMS_MFA : totpPreferred ? Factor.SOFTWARE_TOKEN_MFA : null;
        if (preferred != null && !requirement.usable().contains(preferred)) {
            preferred = null;
        }
        boolean canSetUpSms = pool.supportsSms() && pool.canSendSms() && phone.value() != null;
        boolean sendsSms = requirement.usable().contains(Factor.SMS_MFA)
                || requirement.step() == SignInRequirement.Step.SET_UP_FACTOR && canSetUpSms;
        return new SignInProfile(sub, username, status, requirement, preferred, phone.verified(),
                sendsSms ? secrets.open(sub, Field.PHONE_NUMBER, phone.value()) : null,
                phone.value() == null ? null : fingerprint(phone.value()), canSetUpSms, pool.supportsTotp());
    }

    /** Tells one sealed value from another without opening it (a sealed value is never sealed twice alike). */
    private static String fingerprint(String sealed) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(sealed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- codes

    private CodeDelivery sendCode(CodePurpose purpose, Contact contact, PoolContext pool, UserSecrets secrets,
                                  Deliveries deliveries, Instant now) {
        if (contact == Contact.PHONE_NUMBER && !pool.canSendSms()) {
            throw new RuleViolation(ErrorCode.SmsSenderRequired,
                    "The pool has no SMS sender: configure its smsSender before sending codes by SMS.");
        }
        if (!sendBudgetLeft(now)) {
            throw new RuleViolation(ErrorCode.LimitExceeded, "Attempt limit exceeded, please try after some time.");
        }
        ContactState state = contact(contact);
        // a verification code proves the new value; a sign-up or reset code goes only to the value that serves
        boolean toPending = purpose == CodePurpose.verifying(contact) && state.pending() != null;
        String destination = secrets.open(sub, field(contact), toPending ? state.pending() : state.value());
        String code = secrets.newCode();
        Channel channel = contact.channel();
        apply(new CodeSent(sub, poolId, purpose, channel, secrets.codeMac(sub, purpose, code),
                now.plus(purpose.validity()), now));
        if (channel == Channel.SMS) {
            String text = pool.verification().smsMessage().replace("{####}", code);
            deliveries.afterCommit(OutboundMessage.sms(poolId, pool.mfa().smsSender(), destination, text,
                    purpose.name()));
        } else {
            String text = pool.verification().emailMessage().replace("{####}", code);
            deliveries.afterCommit(OutboundMessage.email(poolId, destination, "Your verification code", text,
                    purpose.name()));
        }
        return CodeDelivery.to(contact, destination);
    }

    private boolean sendBudgetLeft(Instant now) {
        Instant windowStart = now.minus(SEND_WINDOW);
        return recentSends.stream().filter(sent -> sent.isAfter(windowStart)).count() < MAX_SENDS_PER_HOUR;
    }

    /** Single use, within its validity, at most 5 wrong tries; a wrong try is recorded before the refusal. */
    private CodeVerdict check(CodePurpose purpose, String code, UserSecrets secrets, Instant now) {
        PendingCode pending = codes.get(purpose);
        if (pending == null || !now.isBefore(pending.expiresAt())) {
            return CodeVerdict.EXPIRED;
        }
        if (secrets.codeMatches(pending.mac(), sub, purpose, code)) {
            return CodeVerdict.ACCEPTED;
        }
        int wrong = pending.wrongAttempts() + 1;
        apply(new CodeRejected(sub, poolId, purpose, wrong, wrong >= MAX_WRONG_CODES, now));
        return CodeVerdict.MISMATCH;
    }

    // ---- helpers

    private static PoolContext pool(PoolDirectory pools, String poolId) {
        return pools.require(poolId);
    }

    private static void requireNoVouching(Attributes attributes) {
        if (attributes.emailVerified() != null || attributes.phoneNumberVerified() != null) {
            throw new InvalidInput(attributes.emailVerified() != null ? "emailVerified" : "phoneNumberVerified",
                    "may only be set by an admin");
        }
    }

    private void requireStatus(UserStatus expected) {
        if (status != expected) {
            throw new RuleViolation(ErrorCode.InvalidUserState,
                    "User cannot be confirmed. Current status is " + status);
        }
    }

    private void requireConfirmedSignUp() {
        if (status == UserStatus.UNCONFIRMED) {
            throw new RuleViolation(ErrorCode.UserNotConfirmed, "User is not confirmed.");
        }
    }

    private static RuleViolation notOffered(String factor) {
        return new RuleViolation(ErrorCode.FactorNotSupportedByPool, "The pool does not offer " + factor + " MFA.");
    }

    private static RuleViolation missing(Contact contact) {
        return contact == Contact.PHONE_NUMBER
                ? new RuleViolation(ErrorCode.PhoneNumberMissing, "The user has no phone_number.")
                : new RuleViolation(ErrorCode.EmailMissing, "The user has no email.");
    }

    private ContactState contact(Contact contact) {
        return contacts.getOrDefault(contact, ContactState.NONE);
    }

    private boolean hasValue(Contact contact) {
        return contact(contact).value() != null;
    }

    private static Field field(Contact contact) {
        return UserSecrets.field(contact);
    }

    // ---- state

    @EventSourcingHandler
    void on(UserRegistered event) {
        sub = event.sub();
        poolId = event.poolId();
        username = event.username();
        status = event.status();
        sealedVerifier = event.sealedVerifier();
        sealedName = event.sealedName();
    }

    @EventSourcingHandler
    void on(ContactChanged event) {
        ContactState state = contact(event.contact());
        contacts.put(event.contact(), event.pending()
                ? new ContactState(state.value(), state.verified(), event.sealedValue())
                : new ContactState(event.sealedValue(), event.verified(), null));
        voidCodesSentTo(event.contact());
        if (state.verified() && !event.sealedValue().equals(state.value())) {
            // a change away from a verified value tells that value: the message counts against the user's budget
            recordSend(event.occurredAt());
        }
    }

    /** A code sent to a value that is no longer the one it went to proves nothing. */
    private void voidCodesSentTo(Contact contact) {
        codes.remove(CodePurpose.verifying(contact));
        PendingCode signUp = codes.get(CodePurpose.SIGN_UP);
        if (signUp != null && signUp.channel() == contact.channel()) {
            codes.remove(CodePurpose.SIGN_UP);
        }
    }

    @EventSourcingHandler
    void on(ContactVerified event) {
        ContactState state = contact(event.contact());
        contacts.put(event.contact(), new ContactState(state.pending() != null ? state.pending() : state.value(),
                true, null));
        codes.remove(CodePurpose.verifying(event.contact()));
    }

    @EventSourcingHandler
    void on(ContactRemoved event) {
        contacts.remove(event.contact());
        voidCodesSentTo(event.contact());
    }

    @EventSourcingHandler
    void on(NameChanged event) {
        sealedName = event.sealedName();
    }

    @EventSourcingHandler
    void on(CodeSent event) {
        codes.put(event.purpose(), new PendingCode(event.codeMac(), event.channel(), event.expiresAt(), 0));
        recordSend(event.occurredAt());
    }

    private void recordSend(Instant at) {
        recentSends.removeIf(sent -> sent.isBefore(at.minus(SEND_WINDOW)));
        recentSends.add(at);
    }

    @EventSourcingHandler
    void on(PasswordResetRefused event) {
        lastResetRefusal = event.reason();
        lastResetRefusalAt = event.occurredAt();
    }

    @EventSourcingHandler
    void on(CodeRejected event) {
        PendingCode pending = codes.get(event.purpose());
        if (event.voided() || pending == null) {
            codes.remove(event.purpose());
        } else {
            codes.put(event.purpose(), new PendingCode(pending.mac(), pending.channel(), pending.expiresAt(),
                    event.wrongAttempts()));
        }
    }

    @EventSourcingHandler
    void on(SignUpConfirmed event) {
        status = UserStatus.CONFIRMED;
        codes.remove(CodePurpose.SIGN_UP);
    }

    @EventSourcingHandler
    void on(PasswordChanged event) {
        sealedVerifier = event.sealedVerifier();
        status = event.temporary() ? UserStatus.FORCE_CHANGE_PASSWORD : UserStatus.CONFIRMED;
        codes.remove(CodePurpose.RESET_PASSWORD);
    }

    @EventSourcingHandler
    void on(PasswordResetRequired event) {
        status = UserStatus.RESET_REQUIRED;
    }

    @EventSourcingHandler
    void on(SoftwareTokenAssociated event) {
        authenticator = authenticator.associated(event.sealedSecret());
    }

    @EventSourcingHandler
    void on(SoftwareTokenVerified event) {
        authenticator = Authenticator.verified(event.sealedSecret(), event.acceptedStep());
        if (event.totpEnabled()) {
            totpEnabled = true;
        }
    }

    @EventSourcingHandler
    void on(SoftwareTokenCodeAccepted event) {
        authenticator = authenticator.accepted(event.acceptedStep());
    }

    @EventSourcingHandler
    void on(SoftwareTokenCodeRejected event) {
        authenticator = authenticator.pendingRejected(event.wrongAttempts(), event.voided());
    }

    @EventSourcingHandler
    void on(SoftwareTokenReset event) {
        authenticator = Authenticator.NONE;
        totpEnabled = false;
        totpPreferred = false;
    }

    @EventSourcingHandler
    void on(MfaPreferenceChanged event) {
        smsEnabled = event.smsEnabled();
        smsPreferred = event.smsPreferred();
        totpEnabled = event.totpEnabled();
        totpPreferred = event.totpPreferred();
    }

    @EventSourcingHandler
    void on(RecoveryCodesGenerated event) {
        recoveryCodeMacs = new ArrayList<>(event.codeMacs());
    }

    @EventSourcingHandler
    void on(RecoveryCodeRedeemed event) {
        recoveryCodeMacs.set(event.index(), null);
    }

    @EventSourcingHandler
    void on(SignInStepFailed event) {
        signInFailures = event.consecutiveFailures();
        lastSignInFailureAt = event.occurredAt();
    }

    @EventSourcingHandler
    void on(SignInFailuresCleared event) {
        signInFailures = 0;
        lastSignInFailureAt = null;
    }

    @EventSourcingHandler
    void on(UserDeleted event) {
        markDeleted();
    }
}
