package com.authledger.api;

import com.authledger.pool.UserPool;
import com.authledger.infra.CommandDispatcher;
import com.authledger.infra.RequestMetadata;
import com.authledger.pool.PoolContext;
import com.authledger.pool.PoolDirectory;
import com.authledger.pool.PoolId;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.InvalidInput;
import com.authledger.shared.Page;
import com.authledger.signin.read.AuthEvent;
import com.authledger.signin.read.SignInStateQueries;
import com.authledger.user.User;
import com.authledger.user.UsernameRegistry;
import com.authledger.user.read.UserProjectionWait;
import com.authledger.user.read.UserQueries;
import com.authledger.user.read.UserRow;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.UUID;

/**
 * The steps both APIs (REST and Cognito's protocol) take around the User aggregate, so that they take them alike:
 * find the pool and the user (by username in any case, or by sub), send a command with the caller's metadata, and
 * wait until the users' projection holds the write before reading it back (read-your-writes). The rules themselves
 * stay in the aggregate; this only carries requests to it and answers from its projections.
 */
@Component
public class UserAdministration {

    /** Cognito's MaxResults for AdminListUserAuthEvents: 0 to 60, where 0 (or none) means 60. */
    public static final int MAX_AUTH_EVENTS = 60;

    private final CommandDispatcher commands;
    private final UserQueries queries;
    private final SignInStateQueries signIns;
    private final UsernameRegistry names;
    private final PoolDirectory pools;
    private final UserProjectionWait projection;

    UserAdministration(CommandDispatcher commands, UserQueries queries, SignInStateQueries signIns,
                       UsernameRegistry names, PoolDirectory pools, UserProjectionWait projection) {
        this.commands = commands;
        this.queries = queries;
        this.signIns = signIns;
        this.names = names;
        this.pools = pools;
        this.projection = projection;
    }

    /** A user of a pool: the pool, looked up once per request, and the user's sub. */
    public record UserRef(PoolContext pool, String sub) {
    }

    public PoolContext requirePool(String poolId) {
        return pools.require(PoolId.requireValid(poolId));
    }

    /** The pool's user known by this username (any case) or by this sub; UserNotFound otherwise. */
    public UserRef resolve(String poolId, String username) {
        PoolContext pool = requirePool(poolId);
        InvalidInput.requireLength("username", username, 1, 128);
        return new UserRef(pool, names.resolve(poolId, username).orElseThrow(User::notFound));
    }

    /** Sends a command to a User aggregate and answers its result; an unknown user is UserNotFound. */
    public <R> R send(Object command, RequestMetadata origin) {
        return commands.send(command, origin, User.notFound());
    }

    /** The user's row as the projection holds it now (empty once deleted). */
    public Optional<UserRow> row(UserRef user) {
        return row(user.pool().poolId(), user.sub());
    }

    public Optional<UserRow> row(String poolId, String sub) {
        return queries.user(poolId, sub);
    }

    /** Read-your-writes: wait until the users' projection holds the user's latest event. */
    public void awaitProjection(String sub) {
        projection.awaitLatest(sub);
    }

    /** After a deletion: wait until the users' projection no longer holds the user. */
    public void awaitRemoval(String sub) {
        projection.awaitRemoval(sub);
    }

    /**
     * A page of the user's sign-in history, newest first (AdminListUserAuthEvents). {@code maxResults} 0 to 60, where
     * 0 or none means 60; {@code nextToken} from the previous page.
     */
    public Page<AuthEvent> authEvents(UserRef user, Integer maxResults, String nextToken) {
        return signIns.authEvents(user.pool().poolId(), user.sub(), authEventsPageSize(maxResults),
                Page.after("nextToken", nextToken));
    }

    public static int authEventsPageSize(Integer requested) {
        if (requested == null || requested == 0) {
            return MAX_AUTH_EVENTS;
        }
        if (requested < 0 || requested > MAX_AUTH_EVENTS) {
            throw new InvalidInput("maxResults", "must be between 0 and " + MAX_AUTH_EVENTS + " (0 means "
                    + MAX_AUTH_EVENTS + ")");
        }
        return requested;
    }

    /** A new user's sub. */
    public static String newSub() {
        return UUID.randomUUID().toString();
    }


}
