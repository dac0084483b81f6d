package com.authledger.client;

import com.authledger.pool.UserPool;
import com.authledger.shared.EventTime;
import com.authledger.client.api.AppClientCreated;
import com.authledger.client.api.AppClientDeleted;
import com.authledger.client.api.AppClientId;
import com.authledger.client.api.AppClientSettings;
import com.authledger.client.api.AppClientUpdated;
import com.authledger.client.api.CreateAppClient;
import com.authledger.client.api.DeleteAppClient;
import com.authledger.client.api.UpdateAppClient;
import com.authledger.pool.PoolDirectory;
import com.authledger.secrets.DataKeyVault;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/**
 * An app client of a pool: its own aggregate, keyed by the client id, so that client changes do not serialise with
 * the pool's. The secret is generated here, sealed at once under a data key owned by the client id, and only the
 * sealed form is ever stored; deleting the client shreds that data key.
 */
@Revision("1")
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class AppClient {

    @AggregateIdentifier
    private String clientId;
    private String poolId;
    private AppClientSettings settings;
    private boolean hasSecret;
    private Instant createdAt;
    private Instant lastModifiedAt;
    private long version;

    public AppClient() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    public AppClientDescription handle(CreateAppClient command, PoolDirectory pools, DataKeyVault vault,
                                       SecureRandom random, Clock clock) {
        if (pools.pool(command.poolId()).isEmpty()) {
            throw UserPool.notFound();
        }
        String secret = command.generateSecret() ? AppClientId.generateSecret(random) : null;
        String sealed = secret == null ? null
                : vault.seal(command.clientId(), AppClientId.ClientSecret.FIELD, secret);
        apply(new AppClientCreated(command.clientId(), command.poolId(), command.settings(), sealed, EventTime.now(clock)));
        return describe(secret, true);
    }

    @CommandHandler
    public AppClientDescription handle(UpdateAppClient command, Clock clock) {
        requireInPool(command.poolId());
        if (command.settings().equals(settings)) {
            return describe(null, false);
        }
        apply(new AppClientUpdated(clientId, poolId, command.settings(), later(EventTime.now(clock), lastModifiedAt)));
        return describe(null, true);
    }

    @CommandHandler
    public AppClientDescription handle(DeleteAppClient command, DataKeyVault vault, ClientTokenRevocation families,
                                       Clock clock) {
        requireInPool(command.poolId());
        vault.shred(clientId);
        Instant now = later(EventTime.now(clock), lastModifiedAt);
        // the client's sign-ins end with it: their refresh and access tokens are refused from now on
        families.revokeAllOfClient(clientId, "app-client-deleted", now);
        apply(new AppClientDeleted(clientId, poolId, now));
        return describe(null, true);
    }

    /** A client is addressed through its pool: under another pool's path it does not exist. */
    private void requireInPool(String requestedPoolId) {
        if (!poolId.equals(requestedPoolId)) {
            throw notFound();
        }
    }

    public static AuthledgerException notFound() {
        return new AuthledgerException(ErrorCode.AppClientNotFound, "This pool has no app client with this id.");
    }

    private AppClientDescription describe(String secret, boolean changed) {
        return new AppClientDescription(clientId, poolId, settings, hasSecret, secret, createdAt, lastModifiedAt,
                version, changed);
    }

    private static Instant later(Instant now, Instant previous) {
        return now.isBefore(previous) ? previous : now;
    }

    @EventSourcingHandler
    void on(AppClientCreated event, @SequenceNumber long sequenceNumber) {
        clientId = event.clientId();
        poolId = event.poolId();
        settings = event.settings();
        hasSecret = event.sealedClientSecret() != null;
        createdAt = event.occurredAt();
        lastModifiedAt = event.occurredAt();
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(AppClientUpdated event, @SequenceNumber long sequenceNumber) {
        settings = event.settings();
        lastModifiedAt = event.occurredAt();
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(AppClientDeleted event, @SequenceNumber long sequenceNumber) {
        lastModifiedAt = event.occurredAt();
        version = sequenceNumber;
        markDeleted();
    }
}
