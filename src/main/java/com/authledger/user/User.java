package com.authledger.user;

import com.authledger.message.Deliveries;
import com.authledger.message.OutboundMessage;
import com.authledger.shared.EventTime;
import com.authledger.pool.PoolContext;
import com.authledger.pool.PoolDirectory;
import com.authledger.pool.SmsCountries;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.Rule;
import com.authledger.shared.RuleViolation;
import com.authledger.user.Results.CodeDelivery;
import com.authledger.user.Results.CodeVerdict;
import com.authledger.user.Results.MfaPreference;
import com.authledger.user.Results.PasswordResetOutcome;
import com.authledger.user.Results.PasswordVerdict;
import com.authledger.user.Results.RecoveryCodes;
import com.authledger.user.Results.Registration;
import com.authledger.user.Results.SignInProfile;
import com.authledger.user.Results.SoftwareTokenSecret;
import com.authledger.user.Results.StepVerdict;
import com.authledger.user.SignInRequirement.Factor;
import com.authledger.user.UserRules.AdminResetNeedsAConfirmedSignUp;
import com.authledger.user.UserRules.ContactNotYetVerified;
import com.authledger.user.UserRules.ContactToVerifyExists;
import com.authledger.user.UserRules.FactorsNeedAConfirmedSignUp;
import com.authledger.user.UserRules.OnlyATemporaryPasswordIsReplaced;
import com.authledger.user.UserRules.OnlyAnAdminVouches;
import com.authledger.user.UserRules.PhoneNumberStaysWhileSmsMfa;
import com.authledger.user.UserRules.PoolOffers;
import com.authledger.user.UserRules.SetUpCodeWentToTheServingPhone;
import com.authledger.user.UserRules.SignUpAwaitsConfirmation;
import com.authledger.user.UserRules.SignUpCodeNeedsAContact;
import com.authledger.user.UserRules.SoftwareTokenPendingVerification;
import com.authledger.user.UserSecrets.Field;
import com.authledger.user.api.Attributes;
import com.authledger.user.api.Channel;
import com.authledger.user.api.CodePurpose;
import com.authledger.user.api.Codes;
import com.authledger.user.api.Contact;
import com.authledger.user.api.Initiator;
import com.authledger.user.api.PasswordChange;
import com.authledger.user.api.RevocationReason;
import com.authledger.user.api.SignInContext;
import com.authledger.user.api.SignInStep;
import com.authledger.user.api.UserCommand.AdminConfirmSignUp;
import com.authledger.user.api.UserCommand.AdminCreateUser;
import com.authledger.user.api.UserCommand.AdminResetUserPassword;
import com.authledger.user.api.UserCommand.AdminSetUserPassword;
import com.authledger.user.api.UserCommand.AssociateSoftwareToken;
import com.authledger.user.api.UserCommand.AuthenticateSignInStep;
import com.authledger.user.api.UserCommand.ChangePassword;
import com.authledger.user.api.UserCommand.ClearSignInFailures;
import com.authledger.user.api.UserCommand.CompleteNewPassword;
import com.authledger.user.api.UserCommand.ConfirmPasswordReset;
import com.authledger.user.api.UserCommand.ConfirmSignUp;
import com.authledger.user.api.UserCommand.DeleteUser;
import com.authledger.user.api.UserCommand.DescribePasswordVerifier;
import com.authledger.user.api.UserCommand.DescribeSignIn;
import com.authledger.user.api.UserCommand.EnableSmsMfaAtSignIn;
import com.authledger.user.api.UserCommand.GenerateRecoveryCodes;
import com.authledger.user.api.UserCommand.RequestContactVerification;
import com.authledger.user.api.UserCommand.RequestPasswordReset;
import com.authledger.user.api.UserCommand.ResendSignUpCode;
import com.authledger.user.api.UserCommand.ResetSoftwareToken;
import com.authledger.user.api.UserCommand.RevokeTokens;
import com.authledger.user.api.UserCommand.SetUserMfaPreference;
import com.authledger.user.api.UserCommand.SignUp;
import com.authledger.user.api.UserCommand.UpdateUserAttributes;
import com.authledger.user.api.UserCommand.VerifyContact;
import com.authledger.user.api.UserCommand.VerifySignInPassword;
import com.authledger.user.api.UserCommand.VerifySignInPasswordClaim;
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
import com.authledger.user.api.UserEvent.SignInFailuresCleared;
import com.authledger.user.api.UserEvent.SignInStepFailed;
import com.authledger.user.api.UserEvent.SignUpConfirmed;
import com.authledger.user.api.UserEvent.SoftwareTokenAssociated;
import com.authledger.user.api.UserEvent.SoftwareTokenCodeAccepted;
import com.authledger.user.api.UserEvent.SoftwareTokenCodeRejected;
import com.authledger.user.api.UserEvent.SoftwareTokenReset;
import com.authledger.user.api.UserEvent.SoftwareTokenVerified;
import com.authledger.user.api.UserEvent.TokensRevoked;
import com.authledger.user.api.UserEvent.UserDeleted;
import com.authledger.user.api.UserEvent.UserRegistered;
import com.authledger.user.api.UserStatus;
import com.authledger.user.api.VerifiedThrough;
import com.authledger.user.factor.Totp;
import com.authledger.user.password.Srp6a;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/**
 * A member of a pool and everything it enrolled: its status, its {@link Contacts} and their verification, its
 * password (an SRP verifier), its {@link Authenticator}, its {@link FactorPreferences}, its recovery codes, the codes
 * it was sent and its sign-in {@link Lockout}. It holds only sealed values and code HMACs, so neither its events nor
 * its snapshots carry a plaintext secret or number; plaintexts exist in a command handler's memory and in the
 * messages it hands over for delivery after commit.
 *
 * <p>Every command is checked against {@link UserRules} before anything is applied; the state is small immutable
 * values, replaced only in the event sourcing handlers. A wrong code or password is not a refusal but a recorded
 * answer (it counts towards a limit), so those commands commit and answer a verdict.
 */
@Revision("3")
@Aggregate(snapshotTriggerDefinition = "userSnapshotTrigger", cache = "userCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class User {

    /** The one answer for a user that does not exist, or no longer: it never names the user asked for. */
    public static AuthledgerException notFound() {
        return new RuleViolation(ErrorCode.UserNotFound, "User does not exist.");
    }

    @AggregateIdentifier
    private String sub;
    private String poolId;
    private String username;
    private UserStatus status;
    /** The password's SRP salt and verifier, sealed: never the password. */
    private String sealedVerifier;
    private String sealedName;
    private Contacts contacts = Contacts.NONE;
    private PendingCodes codes = PendingCodes.NONE;
    private RecentSends recentSends = RecentSends.NONE;
    private Authenticator authenticator = Authenticator.NONE;
    private FactorPreferences preferences = FactorPreferences.NONE;
    private RecoveryCodeMacs recoveryCodes = RecoveryCodeMacs.NONE;
    private ResetRefusal lastResetRefusal = ResetRefusal.NONE;
    private Lockout lockout = Lockout.NONE;

    public User() {
        // for Axon: a new user, or one rebuilt from its events or a snapshot
    }

    // ---- registration and lifecycle

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    public Registration handle(SignUp command, PoolDirectory pools, UsernameRegistry names, UserSecrets secrets,
                               Deliveries deliveries, Clock clock) {
        PoolContext pool = pools.require(command.poolId());
        pool.passwordPolicy().check(command.password());
        new OnlyAnAdminVouches(command.attributes()).verify();
        Instant now = EventTime.now(clock);
        register(pool, command.sub(), command.username(), command.password(), UserStatus.UNCONFIRMED,
                Initiator.USER, command.attributes(), names, secrets, now);
        Contact contact = signUpContact(pool);
        CodeDelivery delivery = contact == null ? null
                : sendCode(CodePurpose.SIGN_UP, contact, pool, secrets, deliveries, now);
        return new Registration(sub, username, status, delivery);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    public Registration handle(AdminCreateUser command, PoolDirectory pools, UsernameRegistry names,
                               UserSecrets secrets, Clock clock) {
        PoolContext pool = pools.require(command.poolId());
        pool.passwordPolicy().check(command.temporaryPassword());
        register(pool, command.sub(), command.username(), command.temporaryPassword(),
                UserStatus.FORCE_CHANGE_PASSWORD, Initiator.ADMIN, command.attributes(), names, secrets,
                EventTime.now(clock));
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
                apply(new ContactChanged(newSub, pool.poolId(), contact, secrets.seal(newSub, field(contact), value),
                        false, attributes.vouched(contact), by, now));
            }
        }
    }

    /** The attribute a sign-up code goes to, or null: the phone number when the pool verifies it by SMS. */
    private Contact signUpContact(PoolContext pool) {
        if (pool.verification().verifiesPhoneNumbers() && pool.canSendSms() && contacts.phoneNumber().hasValue()) {
            return Contact.PHONE_NUMBER;
        }
        boolean verifiesEmail = pool.verification().autoVerifiedAttributes().contains(Contact.EMAIL.attribute());
        return verifiesEmail && contacts.email().hasValue() ? Contact.EMAIL : null;
    }

    /**
     * A sign-up code. A user whose sign-up does not await confirmation answers as a wrong code, without counting it,
     * as a name that matches no user does: the answer never tells an unsigned caller that a name exists or what its
     * status is (Cognito names the status; a stated difference).
     */
    @CommandHandler
    public CodeVerdict handle(ConfirmSignUp command, UserSecrets secrets, Clock clock) {
        if (status != UserStatus.UNCONFIRMED) {
            return CodeVerdict.MISMATCH;
        }
        Instant now = EventTime.now(clock);
        PendingCode pending = codes.of(CodePurpose.SIGN_UP);
        CodeVerdict verdict = check(CodePurpose.SIGN_UP, command.code(), secrets, now);
        if (verdict == CodeVerdict.ACCEPTED) {
            apply(new SignUpConfirmed(sub, poolId, Initiator.USER, now));
            Contact confirmedOver = Contact.over(pending.channel());
            ContactState contact = contacts.of(confirmedOver);
            if (!contact.verified() && contact.hasValue()) {
                apply(new ContactVerified(sub, poolId, confirmedOver, VerifiedThrough.SIGN_UP_CODE, Initiator.USER,
                        now));
            }
        }
        return verdict;
    }

    @CommandHandler
    public void handle(AdminConfirmSignUp command, Clock clock) {
        new SignUpAwaitsConfirmation(status).verify();
        apply(new SignUpConfirmed(sub, poolId, Initiator.ADMIN, EventTime.now(clock)));
    }

    @CommandHandler
    public CodeDelivery handle(ResendSignUpCode command, PoolDirectory pools, UserSecrets secrets,
                               Deliveries deliveries, Clock clock) {
        new SignUpAwaitsConfirmation(status).verify();
        PoolContext pool = pools.require(poolId);
        Contact contact = signUpContact(pool);
        new SignUpCodeNeedsAContact(contact).verify();
        return sendCode(CodePurpose.SIGN_UP, contact, pool, secrets, deliveries, EventTime.now(clock));
    }

    @CommandHandler
    public void handle(AdminSetUserPassword command, PoolDirectory pools, UserSecrets secrets,
                       TokenRevocation tokens, Clock clock) {
        PoolContext pool = pools.require(poolId);
        pool.passwordPolicy().check(command.password());
        Instant now = EventTime.now(clock);
        apply(new PasswordChanged(sub, poolId, secrets.sealedVerifier(sub, pool.srpPoolName(), command.password()),
                !command.permanent(), PasswordChange.SET_BY_ADMIN, Initiator.ADMIN, now));
        revokeTokens(RevocationReason.PASSWORD_CHANGED, Initiator.ADMIN, tokens, now, false);
    }

    @CommandHandler
    public void handle(DeleteUser command, UsernameRegistry names, UserSecrets secrets, TokenRevocation tokens,
                       Clock clock) {
        Instant now = EventTime.now(clock);
        revokeTokens(RevocationReason.USER_DELETED, command.by(), tokens, now, false);
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
            new OnlyAnAdminVouches(attributes).verify();
        }
        new PhoneNumberStaysWhileSmsMfa(attributes, preferences).verify();
        Instant now = EventTime.now(clock);
        if (attributes.name() != null) {
            String name = attributes.name().isEmpty() ? null : attributes.name();
            if (!Objects.equals(name, secrets.open(sub, Field.NAME, sealedName))) {
                apply(new NameChanged(sub, poolId, secrets.seal(sub, Field.NAME, name), command.by(), now));
            }
        }
        for (Contact contact : Contact.values()) {
            String value = attributes.value(contact);
            if (value != null) {
                changeContact(contact, value, attributes.vouched(contact), command.by(), pools, secrets, deliveries,
                        now);
            }
        }
    }

    /**
     * A new value replaces an unverified one, or waits while a verified one keeps serving (unless an admin vouches
     * for it); the value it is changed back to withdraws a pending change; an empty value removes the attribute.
     */
    private void changeContact(Contact contact, String value, boolean vouched, Initiator by, PoolDirectory pools,
                               UserSecrets secrets, Deliveries deliveries, Instant now) {
        ContactState state = contacts.of(contact);
        if (value.isEmpty()) {
            if (!state.absent()) {
                apply(new ContactRemoved(sub, poolId, contact, by, now));
            }
            return;
        }
        String current = secrets.open(sub, field(contact), state.value());
        if (value.equals(current)) {
            if (vouched && !state.verified()) {
                apply(new ContactVerified(sub, poolId, contact, VerifiedThrough.ADMIN, by, now));
            } else if (state.pending() != null) {
                apply(new ContactChanged(sub, poolId, contact, state.value(), false, state.verified(), by, now));
            }
            return;
        }
        if (!vouched && state.pending() != null && value.equals(secrets.open(sub, field(contact), state.pending()))) {
            return;
        }
        boolean tellOldValue = state.verified() && recentSends.budgetLeft(now);
        apply(new ContactChanged(sub, poolId, contact, secrets.seal(sub, field(contact), value),
                state.verified() && !vouched, vouched, by, now));
        if (tellOldValue) {
            tellOldValueOfChange(contact, current, pools.require(poolId), deliveries);
        }
    }

    /** The verified value is told of a change away from it, so its owner can react if they did not ask for it. */
    private void tellOldValueOfChange(Contact contact, String oldValue, PoolContext pool, Deliveries deliveries) {
        String text = "The " + (contact == Contact.PHONE_NUMBER ? "phone number" : "email address") + " of your "
                + pool.name() + " account is being changed. If you did not ask for this, contact your administrator.";
        if (contact == Contact.PHONE_NUMBER && pool.canSendSms()) {
            deliveries.afterCommit(OutboundMessage.sms(poolId, pool.mfa().smsSender(), oldValue, text,
                    "phone-number-changed").asNotice());
        } else if (contact == Contact.EMAIL) {
            deliveries.afterCommit(OutboundMessage.email(poolId, oldValue, "Your email address is being changed",
                    text, "email-changed").asNotice());
        }
    }

    @CommandHandler
    public CodeDelivery handle(RequestContactVerification command, PoolDirectory pools, UserSecrets secrets,
                               Deliveries deliveries, Clock clock) {
        Contact contact = command.contact();
        new ContactToVerifyExists(contact, contacts.of(contact)).verify();
        new ContactNotYetVerified(contact, contacts.of(contact)).verify();
        return sendCode(CodePurpose.verifying(contact), contact, pools.require(poolId), secrets, deliveries,
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

    // ---- software token (TOTP), MFA preferences, recovery codes

    @CommandHandler
    public SoftwareTokenSecret handle(AssociateSoftwareToken command, PoolDirectory pools, UserSecrets secrets,
                                      Clock clock) {
        new FactorsNeedAConfirmedSignUp(status).verify();
        PoolContext pool = pools.require(poolId);
        new PoolOffers(Factor.SOFTWARE_TOKEN_MFA, pool).verify();
        String secret = secrets.totp().newSecret();
        apply(new SoftwareTokenAssociated(sub, poolId, secrets.seal(sub, Field.TOTP_SECRET, secret), command.by(),
                EventTime.now(clock)));
        return new SoftwareTokenSecret(secret, Totp.otpauthUri(pool.name(), username, secret));
    }

    @CommandHandler
    public CodeVerdict handle(VerifySoftwareToken command, PoolDirectory pools, UserSecrets secrets, Clock clock) {
        new FactorsNeedAConfirmedSignUp(status).verify();
        new SoftwareTokenPendingVerification(authenticator).verify();
        boolean enable = command.enableTotp() && pools.require(poolId).supportsTotp();
        Instant now = EventTime.now(clock);
        OptionalLong step = secrets.totp().matchedStep(
                secrets.open(sub, Field.TOTP_SECRET, authenticator.sealedPendingSecret()), command.code(), now);
        if (step.isPresent()) {
            apply(new SoftwareTokenVerified(sub, poolId, authenticator.sealedPendingSecret(),
                    command.friendlyDeviceName(), step.getAsLong(), enable, command.by(), now));
            return CodeVerdict.ACCEPTED;
        }
        int wrong = authenticator.nextPendingWrongTry();
        apply(new SoftwareTokenCodeRejected(sub, poolId, wrong, PendingCodes.voids(wrong), now));
        return CodeVerdict.MISMATCH;
    }

    @CommandHandler
    public boolean handle(ResetSoftwareToken command, TokenRevocation tokens, Clock clock) {
        if (!authenticator.enrolled() && !authenticator.pending()) {
            return false;
        }
        Instant now = EventTime.now(clock);
        apply(new SoftwareTokenReset(sub, poolId, Initiator.ADMIN, now));
        revokeTokens(RevocationReason.FACTOR_RESET, Initiator.ADMIN, tokens, now, false);
        return true;
    }

    /** A factor that is turned on is checked against the pool of the moment; one that stays on is not. */
    @CommandHandler
    public MfaPreference handle(SetUserMfaPreference command, PoolDirectory pools, Clock clock) {
        new FactorsNeedAConfirmedSignUp(status).verify();
        FactorPreferences requested = preferences.requested(command.sms(), command.softwareToken());
        if (requested.sms().enabled() && !preferences.sms().enabled()) {
            UserRules.forTurningOnSms(pools.require(poolId), contacts.phoneNumber()).forEach(Rule::verify);
        }
        if (requested.softwareToken().enabled() && !preferences.softwareToken().enabled()) {
            UserRules.forTurningOnTotp(pools.require(poolId), authenticator).forEach(Rule::verify);
        }
        boolean changed = !requested.equals(preferences);
        if (changed) {
            apply(preferenceChanged(requested, command.by(), EventTime.now(clock)));
        }
        return new MfaPreference(preferences.sms().enabled(), preferences.sms().preferred(),
                preferences.softwareToken().enabled(), preferences.softwareToken().preferred(), changed);
    }

    private MfaPreferenceChanged preferenceChanged(FactorPreferences changed, Initiator by, Instant now) {
        return new MfaPreferenceChanged(sub, poolId, changed.sms().enabled(), changed.sms().preferred(),
                changed.softwareToken().enabled(), changed.softwareToken().preferred(), by, now);
    }

    @CommandHandler
    public RecoveryCodes handle(GenerateRecoveryCodes command, UserSecrets secrets, Clock clock) {
        new FactorsNeedAConfirmedSignUp(status).verify();
        List<String> fresh = secrets.newRecoveryCodes();
        apply(new RecoveryCodesGenerated(sub, poolId, fresh.stream().map(code -> secrets.recoveryCodeMac(sub, code))
                .toList(), command.by(), EventTime.now(clock)));
        return new RecoveryCodes(fresh);
    }

    // ---- password reset

    /** Public answers say nothing of the outcome; the refusal's reason is recorded for the audit history. */
    @CommandHandler
    public PasswordResetOutcome handle(RequestPasswordReset command, PoolDirectory pools, UserSecrets secrets,
                                       Deliveries deliveries, Clock clock) {
        PoolContext pool = pools.require(poolId);
        Instant now = EventTime.now(clock);
        ResetCodeChannel channel = new ResetCodeChannel(contacts, preferences, pool);
        String refusal = status == UserStatus.UNCONFIRMED ? ResetCodeChannel.UNCONFIRMED
                : channel.refusal(recentSends, now);
        if (refusal != null) {
            if (!lastResetRefusal.repeatedBy(refusal, now)) {
                apply(new PasswordResetRefused(sub, poolId, refusal, now));
            }
            return new PasswordResetOutcome(null, refusal);
        }
        return new PasswordResetOutcome(sendCode(CodePurpose.RESET_PASSWORD, channel.contact(), pool, secrets,
                deliveries, now), null);
    }

    /** RESET_REQUIRED, and a reset code when a channel allows; the admin is told when none does. */
    @CommandHandler
    public PasswordResetOutcome handle(AdminResetUserPassword command, PoolDirectory pools, UserSecrets secrets,
                                       Deliveries deliveries, TokenRevocation tokens, Clock clock) {
        new AdminResetNeedsAConfirmedSignUp(status).verify();
        PoolContext pool = pools.require(poolId);
        Instant now = EventTime.now(clock);
        ResetCodeChannel channel = new ResetCodeChannel(contacts, preferences, pool);
        String refusal = channel.refusal(recentSends, now);
        apply(new PasswordResetRequired(sub, poolId, Initiator.ADMIN, now));
        revokeTokens(RevocationReason.PASSWORD_RESET, Initiator.ADMIN, tokens, now, false);
        if (refusal != null) {
            apply(new PasswordResetRefused(sub, poolId, refusal, now));
            return new PasswordResetOutcome(null, refusal);
        }
        return new PasswordResetOutcome(sendCode(CodePurpose.RESET_PASSWORD, channel.contact(), pool, secrets,
                deliveries, now), null);
    }

    @CommandHandler
    public CodeVerdict handle(ConfirmPasswordReset command, PoolDirectory pools, UserSecrets secrets,
                              TokenRevocation tokens, Clock clock) {
        PoolContext pool = pools.require(poolId);
        pool.passwordPolicy().check(command.password());
        Instant now = EventTime.now(clock);
        CodeVerdict verdict = check(CodePurpose.RESET_PASSWORD, command.code(), secrets, now);
        if (verdict == CodeVerdict.ACCEPTED) {
            apply(new PasswordChanged(sub, poolId, secrets.sealedVerifier(sub, pool.srpPoolName(),
                    command.password()), false, PasswordChange.RESET_WITH_CODE, Initiator.USER, now));
            revokeTokens(RevocationReason.PASSWORD_RESET, Initiator.USER, tokens, now, false);
        }
        return verdict;
    }

    // ---- sign-in

    @CommandHandler
    public PasswordVerdict handle(VerifySignInPassword command, PoolDirectory pools, UserSecrets secrets,
                                  Clock clock) {
        Instant now = EventTime.now(clock);
        PoolContext pool = pools.require(poolId);
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
                                  TokenRevocation tokens, Clock clock) {
        PoolContext pool = pools.require(poolId);
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
        revokeTokens(RevocationReason.PASSWORD_CHANGED, Initiator.USER, tokens, now, false);
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
        PoolContext pool = pools.require(poolId);
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
        Instant locked = lockout.lockedUntilAt(now);
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
        return profile(pools.require(poolId), secrets);
    }

    /**
     * A second factor: an SMS code the session matched, a TOTP code of a step not used before, or an unused recovery
     * code. Refused unchecked while locked out; anything else wrong counts towards the lockout.
     */
    @CommandHandler
    public StepVerdict handle(AuthenticateSignInStep command, UserSecrets secrets, Clock clock) {
        Instant now = EventTime.now(clock);
        if (lockout.lockedUntilAt(now) != null) {
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
        } else if (command.recoveryCodeAccepted() && Codes.isRecoveryCode(code)) {
            OptionalInt index = recoveryCodes.unusedMatching(mac -> secrets.recoveryCodeMatches(mac, sub, code));
            if (index.isPresent()) {
                apply(new RecoveryCodeRedeemed(sub, poolId, index.getAsInt(), now));
                return accepted("recovery-code", now);
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
        new OnlyATemporaryPasswordIsReplaced(status).verify();
        PoolContext pool = pools.require(poolId);
        pool.passwordPolicy().check(command.password());
        Instant now = EventTime.now(clock);
        apply(new PasswordChanged(sub, poolId, secrets.sealedVerifier(sub, pool.srpPoolName(), command.password()),
                false, PasswordChange.NEW_PASSWORD_REQUIRED, Initiator.USER, now));
        return completingProfile(pool, secrets, now);
    }

    @CommandHandler
    public void handle(EnableSmsMfaAtSignIn command, PoolDirectory pools, Clock clock) {
        ContactState phone = contacts.phoneNumber();
        new SetUpCodeWentToTheServingPhone(phone, command.phoneVersion()).verify();
        new PoolOffers(Factor.SMS_MFA, pools.require(poolId)).verify();
        Instant now = EventTime.now(clock);
        if (!phone.verified()) {
            apply(new ContactVerified(sub, poolId, Contact.PHONE_NUMBER, VerifiedThrough.SIGN_IN_CODE, Initiator.USER,
                    now));
        }
        if (!preferences.sms().enabled()) {
            apply(preferenceChanged(preferences.withSmsEnabled(), Initiator.USER, now));
        }
    }

    @CommandHandler
    public void handle(ClearSignInFailures command, Clock clock) {
        clearFailures(EventTime.now(clock));
    }

    private void clearFailures(Instant now) {
        if (lockout.countedAt(now) > 0) {
            apply(new SignInFailuresCleared(sub, poolId, now));
        }
    }

    private void failStep(SignInStep step, SignInContext context, Instant now) {
        apply(new SignInStepFailed(sub, poolId, step, lockout.countedAt(now) + 1, context.ipAddress(),
                context.userAgent(), context.deviceId(), now));
    }

    @CommandHandler
    public int handle(RevokeTokens command, TokenRevocation tokens, Clock clock) {
        return revokeTokens(RevocationReason.SIGNED_OUT, command.by(), tokens, EventTime.now(clock), true);
    }

    /** Revokes every token family of the user; recorded when there was one to revoke, or when asked for. */
    private int revokeTokens(String reason, Initiator by, TokenRevocation tokens, Instant now, boolean always) {
        int revoked = tokens.revokeAll(sub, reason, now);
        if (revoked > 0 || always) {
            apply(new TokensRevoked(sub, poolId, reason, revoked, by, now));
        }
        return revoked;
    }

    private SignInProfile profile(PoolContext pool, UserSecrets secrets) {
        ContactState phone = contacts.phoneNumber();
        // the number's country matters only under an SMS country list
        String region = phone.hasValue() && !pool.mfa().smsCountries().allowsAll()
                ? SmsCountries.regionOf(secrets.open(sub, Field.PHONE_NUMBER, phone.value())) : null;
        SignInRequirement requirement = SignInRequirement.of(pool.mfa(), new SignInRequirement.UserFactors(
                preferences.sms().enabled(), phone.verified(), region, preferences.softwareToken().enabled(),
                authenticator.enrolled()));
        Factor preferred = preferences.preferred();
        if (preferred != null && !requirement.usable().contains(preferred)) {
            preferred = null;
        }
        boolean canSetUpSms = pool.supportsSms() && pool.canSendSms() && phone.hasValue()
                && pool.mfa().smsCountries().allowsRegion(region);
        boolean sendsSms = requirement.usable().contains(Factor.SMS_MFA)
                || requirement.step() == SignInRequirement.Step.SET_UP_FACTOR && canSetUpSms;
        return new SignInProfile(sub, username, status, requirement, preferred, phone.verified(),
                sendsSms ? secrets.open(sub, Field.PHONE_NUMBER, phone.value()) : null,
                phone.hasValue() ? phone.fingerprint() : null, canSetUpSms, pool.supportsTotp());
    }

    // ---- codes

    private CodeDelivery sendCode(CodePurpose purpose, Contact contact, PoolContext pool, UserSecrets secrets,
                                  Deliveries deliveries, Instant now) {
        UserRules.forSendingACode(contact, pool, recentSends, now).forEach(Rule::verify);
        ContactState state = contacts.of(contact);
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

    /** Single use, within its validity, at most 5 wrong tries; a wrong try is recorded before the refusal. */
    private CodeVerdict check(CodePurpose purpose, String code, UserSecrets secrets, Instant now) {
        PendingCode pending = codes.of(purpose);
        if (pending == null || !pending.validAt(now)) {
            return CodeVerdict.EXPIRED;
        }
        if (secrets.codeMatches(pending.mac(), sub, purpose, code)) {
            return CodeVerdict.ACCEPTED;
        }
        int wrong = pending.nextWrongTry();
        apply(new CodeRejected(sub, poolId, purpose, wrong, PendingCodes.voids(wrong), now));
        return CodeVerdict.MISMATCH;
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
        ContactState state = contacts.of(event.contact());
        contacts = contacts.with(event.contact(), state.changedTo(event.sealedValue(), event.pending(),
                event.verified()));
        codes = codes.voidedFor(event.contact());
        if (state.leavesVerifiedValue(event.sealedValue())) {
            // a change away from a verified value tells that value: the message counts against the user's budget
            recentSends = recentSends.recorded(event.occurredAt());
        }
    }

    @EventSourcingHandler
    void on(ContactVerified event) {
        contacts = contacts.with(event.contact(), contacts.of(event.contact()).verifiedNow());
        codes = codes.without(CodePurpose.verifying(event.contact()));
    }

    @EventSourcingHandler
    void on(ContactRemoved event) {
        contacts = contacts.with(event.contact(), ContactState.NONE);
        codes = codes.voidedFor(event.contact());
    }

    @EventSourcingHandler
    void on(NameChanged event) {
        sealedName = event.sealedName();
    }

    @EventSourcingHandler
    void on(CodeSent event) {
        codes = codes.with(event.purpose(), new PendingCode(event.codeMac(), event.channel(), event.expiresAt(), 0));
        recentSends = recentSends.recorded(event.occurredAt());
    }

    @EventSourcingHandler
    void on(CodeRejected event) {
        codes = codes.rejected(event.purpose(), event.wrongAttempts(), event.voided());
    }

    @EventSourcingHandler
    void on(PasswordResetRefused event) {
        lastResetRefusal = new ResetRefusal(event.reason(), event.occurredAt());
    }

    @EventSourcingHandler
    void on(SignUpConfirmed event) {
        status = UserStatus.CONFIRMED;
        codes = codes.without(CodePurpose.SIGN_UP);
    }

    @EventSourcingHandler
    void on(PasswordChanged event) {
        sealedVerifier = event.sealedVerifier();
        status = event.temporary() ? UserStatus.FORCE_CHANGE_PASSWORD : UserStatus.CONFIRMED;
        codes = codes.without(CodePurpose.RESET_PASSWORD);
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
            preferences = preferences.withTotpEnabled();
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
        preferences = preferences.withoutTotp();
    }

    @EventSourcingHandler
    void on(MfaPreferenceChanged event) {
        preferences = FactorPreferences.of(event.smsEnabled(), event.smsPreferred(), event.totpEnabled(),
                event.totpPreferred());
    }

    @EventSourcingHandler
    void on(RecoveryCodesGenerated event) {
        recoveryCodes = new RecoveryCodeMacs(event.codeMacs());
    }

    @EventSourcingHandler
    void on(RecoveryCodeRedeemed event) {
        recoveryCodes = recoveryCodes.redeemed(event.index());
    }

    @EventSourcingHandler
    void on(SignInStepFailed event) {
        lockout = new Lockout(event.consecutiveFailures(), event.occurredAt());
    }

    @EventSourcingHandler
    void on(SignInFailuresCleared event) {
        lockout = Lockout.NONE;
    }

    @EventSourcingHandler
    void on(UserDeleted event) {
        markDeleted();
    }
}
