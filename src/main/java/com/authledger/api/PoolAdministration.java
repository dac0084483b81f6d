package com.authledger.api;

import com.authledger.infra.CommandDispatcher;
import com.authledger.infra.ProjectionProgress;
import com.authledger.infra.RequestMetadata;
import com.authledger.pool.MfaConfigurationChange;
import com.authledger.pool.PasswordPolicyChange;
import com.authledger.pool.PoolDeletion;
import com.authledger.pool.PoolDescription;
import com.authledger.pool.UserPool;
import com.authledger.pool.api.ChangePasswordPolicy;
import com.authledger.pool.api.ConfigurePoolMfa;
import com.authledger.pool.api.CreatePool;
import com.authledger.pool.api.DeletePool;
import com.authledger.pool.read.PoolMfaConfigProjection;
import com.authledger.pool.read.PoolMfaConfigQueries;
import com.authledger.shared.AuthledgerException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The pool's commands as both adapters (REST and Cognito's protocol) send them: through the UserPool aggregate, and
 * answered once the pool projection (and with it the audit trail) holds the change, so a client reads its own
 * writes. An unchanged result appends nothing and waits for nothing.
 */
@Component
public class PoolAdministration {

    private final CommandDispatcher commands;
    private final PoolMfaConfigQueries queries;
    private final ProjectionProgress progress;
    private final Duration writeWait;

    PoolAdministration(CommandDispatcher commands, PoolMfaConfigQueries queries, ProjectionProgress progress,
                       @Value("${authledger.projections.write-wait}") Duration writeWait) {
        this.commands = commands;
        this.queries = queries;
        this.progress = progress;
        this.writeWait = writeWait;
    }

    public PoolDescription create(CreatePool command, RequestMetadata origin) {
        PoolDescription pool = commands.send(command, origin, UserPool.notFound());
        awaitConfiguration(pool.poolId(), pool.mfa().version());
        return pool;
    }

    public MfaConfigurationChange configureMfa(ConfigurePoolMfa command, RequestMetadata origin) {
        MfaConfigurationChange change = commands.send(command, origin, UserPool.notFound());
        if (change.changed()) {
            awaitConfiguration(change.poolId(), change.version());
        }
        return change;
    }

    public PasswordPolicyChange changePasswordPolicy(ChangePasswordPolicy command, RequestMetadata origin) {
        PasswordPolicyChange change = commands.send(command, origin, UserPool.notFound());
        if (change.changed()) {
            await(change.poolId(), change.version(), () -> queries.pool(change.poolId())
                    .filter(pool -> pool.passwordPolicyVersion() >= change.version()).isPresent());
        }
        return change;
    }

    public PoolDeletion delete(DeletePool command, RequestMetadata origin) {
        PoolDeletion deletion = commands.send(command, origin, UserPool.notFound());
        await(deletion.poolId(), deletion.version(), () -> queries.pool(deletion.poolId()).isEmpty());
        return deletion;
    }

    private void awaitConfiguration(String poolId, long version) {
        await(poolId, version, () -> queries.version(poolId, version).isPresent());
    }

    /** @param visibleInStore whether the projection holds the pool's event {@code version} (asked of the database) */
    private void await(String poolId, long version, BooleanSupplier visibleInStore) {
        progress.await(PoolMfaConfigProjection.PROCESSING_GROUP, poolId, version, writeWait, visibleInStore);
    }
}
