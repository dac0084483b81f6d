package com.authledger.api;

import com.authledger.client.AppClient;
import com.authledger.client.AppClientDescription;
import com.authledger.client.api.AppClientId;
import com.authledger.client.api.CreateAppClient;
import com.authledger.client.api.DeleteAppClient;
import com.authledger.client.api.UpdateAppClient;
import com.authledger.client.read.AppClientProjection;
import com.authledger.client.read.AppClientQueries;
import com.authledger.client.read.AppClientView;
import com.authledger.infra.CommandDispatcher;
import com.authledger.infra.ProjectionProgress;
import com.authledger.infra.RequestMetadata;
import com.authledger.pool.UserPool;
import com.authledger.pool.PoolDirectory;
import com.authledger.pool.PoolId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A pool's app clients as both adapters (REST and Cognito's protocol) address them: always through an existing pool
 * (a client of an unknown or deleted pool is not found), changed through the AppClient aggregate, and answered once
 * the app client projection holds the change.
 */
@Component
public class AppClientAdministration {

    private final CommandDispatcher commands;
    private final AppClientQueries queries;
    private final PoolDirectory pools;
    private final ProjectionProgress progress;
    private final Duration writeWait;

    AppClientAdministration(CommandDispatcher commands, AppClientQueries queries, PoolDirectory pools,
                            ProjectionProgress progress,
                            @Value("${authledger.projections.write-wait}") Duration writeWait) {
        this.commands = commands;
        this.queries = queries;
        this.pools = pools;
        this.progress = progress;
        this.writeWait = writeWait;
    }

    /** The pool id, once checked to be well-formed and an existing pool's; PoolNotFound otherwise. */
    public String pool(String poolId) {
        PoolId.requireValid(poolId);
        if (pools.pool(poolId).isEmpty()) {
            throw UserPool.notFound();
        }
        return poolId;
    }

    /** The pool's client with this id; PoolNotFound or AppClientNotFound otherwise. */
    public AppClientView client(String poolId, String clientId) {
        return queries.client(pool(poolId), AppClientId.requireValid(clientId)).orElseThrow(AppClient::notFound);
    }

    public AppClientDescription create(CreateAppClient command, RequestMetadata origin) {
        AppClientDescription created = commands.send(command, origin, UserPool.notFound());
        await(created.clientId(), created.version(),
                () -> holds(created.poolId(), created.clientId(), created.version()));
        return created;
    }

    public AppClientDescription update(UpdateAppClient command, RequestMetadata origin) {
        AppClientDescription change = commands.send(command, origin, AppClient.notFound());
        if (change.changed()) {
            await(change.clientId(), change.version(), () -> holds(change.poolId(), change.clientId(),
                    change.version()));
        }
        return change;
    }

    public AppClientDescription delete(DeleteAppClient command, RequestMetadata origin) {
        AppClientDescription deleted = commands.send(command, origin, AppClient.notFound());
        await(deleted.clientId(), deleted.version(),
                () -> queries.client(deleted.poolId(), deleted.clientId()).isEmpty());
        return deleted;
    }

    private boolean holds(String poolId, String clientId, long version) {
        return queries.client(poolId, clientId).filter(c -> c.version() >= version).isPresent();
    }

    private void await(String clientId, long version, BooleanSupplier visibleInStore) {
        progress.await(AppClientProjection.PROCESSING_GROUP, clientId, version, writeWait, visibleInStore);
    }
}
