package com.authledger.pool;

import com.authledger.shared.EventTime;
import com.authledger.pool.api.ChangePasswordPolicy;
import com.authledger.pool.api.ConfigurePoolMfa;
import com.authledger.pool.api.CreatePool;
import com.authledger.pool.api.DeletePool;
import com.authledger.pool.api.MfaSettings;
import com.authledger.pool.api.PasswordPolicySettings;
import com.authledger.pool.api.PoolCreated;
import com.authledger.pool.api.PoolDeleted;
import com.authledger.pool.api.PoolMfaConfigured;
import com.authledger.pool.api.PoolPasswordPolicyChanged;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.Rule;
import com.authledger.shared.RuleViolation;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.getVersion;

/**
 * A user pool, its MFA configuration and its password policy. Every change is checked against {@link PoolRules}
 * before anything is applied; state changes only in the event sourcing handlers.
 *
 * <p>The MFA configuration's version (its ETag) is the sequence number of the event that set it, and the password
 * policy's likewise: a change of one leaves the other's version as it was, so an If-Match on the MFA configuration
 * is not spoilt by a password policy change in between.
 */
@Revision("2")
@Aggregate(snapshotTriggerDefinition = "userPoolSnapshotTrigger", cache = "userPoolCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class UserPool {

    @AggregateIdentifier
    private String poolId;
    private String name;
    private Instant createdAt;
    private VerificationSettings verification;
    private MfaConfiguration mfa;
    private Instant mfaConfiguredAt;
    /** The MFA configuration's version: the sequence number of the event that set it. */
    private long version;
    /** Null only in a snapshot taken before pools had a password policy: then the defaults (see {@link #policy()}). */
    private PasswordPolicy passwordPolicy;
    /** The sequence number of the event that set the password policy; 0 (the creation) in such an old snapshot. */
    private long passwordPolicyVersion;
    /**
     * Set by PoolDeleted: every command then answers "not found". A field rather than Axon's markDeleted, so that a
     * snapshot taken after the deletion keeps it.
     */
    private boolean deleted;

    public UserPool() {
        // for Axon: a new pool, or one rebuilt from its events or a snapshot
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    public PoolDescription handle(CreatePool command, Clock clock) {
        MfaConfiguration requested = command.mfa().withSmsMessageOrElse(SmsMfa.DEFAULT_MESSAGE);
        PoolRules.forCreation(requested, command.verification()).forEach(Rule::verify);
        VerificationSettings v = command.verification();
        apply(new PoolCreated(command.poolId(), command.name(), MfaSettings.of(requested),
                v.autoVerifiedAttributes(), v.smsMessage(), v.emailMessage(),
                PasswordPolicySettings.of(command.passwordPolicy()), EventTime.now(clock)));
        return new PoolDescription(poolId, name, createdAt, verification, currentMfa(true), policy());
    }

    @CommandHandler
    public MfaConfigurationChange handle(ConfigurePoolMfa command, Clock clock, UserNotifier notifier) {
        requireNotDeleted();
        if (command.expectedVersion() != null && command.expectedVersion() != version) {
            throw new RuleViolation(ErrorCode.VersionMismatch, "The MFA configuration is at another version than "
                    + "the one given in If-Match; read it again and reapply the change.");
        }
        MfaConfiguration requested = command.mfa().withSmsMessageOrElse(mfa.sms().message());
        if (requested.equals(mfa)) {
            return currentMfa(false);
        }
        PoolRules.forChange(mfa, requested, verification).forEach(Rule::verify);
        Integer notified = command.notifyUsers()
                ? notifier.notifyAffectedUsers(poolId, name, mfa, requested) : null;
        apply(new PoolMfaConfigured(poolId, MfaSettings.of(requested), later(EventTime.now(clock), mfaConfiguredAt),
                notified));
        return new MfaConfigurationChange(poolId, version, mfa, mfaConfiguredAt, true, notified);
    }

    @CommandHandler
    public PasswordPolicyChange handle(ChangePasswordPolicy command, Clock clock) {
        requireNotDeleted();
        if (command.passwordPolicy().equals(policy())) {
            return currentPasswordPolicy(false);
        }
        apply(new PoolPasswordPolicyChanged(poolId, PasswordPolicySettings.of(command.passwordPolicy()),
                EventTime.now(clock)));
        return currentPasswordPolicy(true);
    }

    /**
     * Deletes the pool and, in the same transaction, crypto-shreds the data key of each of its users (as DeleteUser
     * does), so their secrets become unreadable together with the pool.
     */
    @CommandHandler
    public PoolDeletion handle(DeletePool command, Clock clock, PoolMembers members, PoolSigningKeys signingKeys) {
        requireNotDeleted();
        int shredded = members.shredSecrets(poolId);
        signingKeys.retireAll(poolId);
        Instant at = later(EventTime.now(clock), mfaConfiguredAt);
        // the deletion's sequence number, which the read-your-writes wait looks for
        long sequenceNumber = getVersion() + 1;
        apply(new PoolDeleted(poolId, shredded, at));
        return new PoolDeletion(poolId, sequenceNumber, at, shredded);
    }

    private void requireNotDeleted() {
        if (deleted) {
            throw notFound();
        }
    }

    /** The one answer for a pool that does not exist, or no longer: it never names the id asked for. */
    public static AuthledgerException notFound() {
        return new AuthledgerException(ErrorCode.PoolNotFound, "No pool with this id exists.");
    }

    /**
     * A pool's configurations hold over consecutive intervals, so a change never starts before the one it replaces,
     * even when the clock steps back (an NTP correction, or another node whose clock is behind).
     */
    private static Instant later(Instant now, Instant previous) {
        return now.isBefore(previous) ? previous : now;
    }

    private MfaConfigurationChange currentMfa(boolean changed) {
        return new MfaConfigurationChange(poolId, version, mfa, mfaConfiguredAt, changed);
    }

    private PasswordPolicyChange currentPasswordPolicy(boolean changed) {
        return new PasswordPolicyChange(poolId, passwordPolicyVersion, policy(), changed);
    }

    private PasswordPolicy policy() {
        return passwordPolicy == null ? PasswordPolicy.defaults() : passwordPolicy;
    }

    @EventSourcingHandler
    void on(PoolCreated event, @SequenceNumber long sequenceNumber) {
        poolId = event.poolId();
        name = event.name();
        createdAt = event.occurredAt();
        verification = new VerificationSettings(event.autoVerifiedAttributes(), event.verificationSmsMessage(),
                event.verificationEmailMessage());
        mfa = event.mfa().toConfiguration();
        mfaConfiguredAt = event.occurredAt();
        version = sequenceNumber;
        passwordPolicy = PasswordPolicySettings.toPolicyOrDefaults(event.passwordPolicy());
        passwordPolicyVersion = sequenceNumber;
    }

    @EventSourcingHandler
    void on(PoolMfaConfigured event, @SequenceNumber long sequenceNumber) {
        mfa = event.mfa().toConfiguration();
        mfaConfiguredAt = event.occurredAt();
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(PoolDeleted event) {
        deleted = true;
    }

    @EventSourcingHandler
    void on(PoolPasswordPolicyChanged event, @SequenceNumber long sequenceNumber) {
        passwordPolicy = PasswordPolicySettings.toPolicyOrDefaults(event.passwordPolicy());
        passwordPolicyVersion = sequenceNumber;
    }
}
