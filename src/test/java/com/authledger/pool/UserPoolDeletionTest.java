package com.authledger.pool;

import com.authledger.pool.api.ChangePasswordPolicy;
import com.authledger.pool.api.DeletePool;
import com.authledger.pool.api.PoolDeleted;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.support.MutableClock;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static com.authledger.pool.PoolFixtures.POOL_ID;
import static com.authledger.pool.PoolFixtures.T0;
import static com.authledger.pool.PoolFixtures.created;
import static com.authledger.pool.PoolFixtures.off;
import static com.authledger.pool.PoolFixtures.totpOnly;
import static org.assertj.core.api.Assertions.assertThat;

/** DeletePool on the UserPool aggregate: one PoolDeleted, the members' secrets shredded, then "not found". */
class UserPoolDeletionTest {

    private AggregateTestFixture<UserPool> fixture;
    private final MutableClock clock = new MutableClock(T0);
    private final List<String> shredded = new ArrayList<>();
    private final List<String> keysRetired = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(UserPool.class);
        fixture.registerInjectableResource(clock);
        fixture.registerInjectableResource((UserNotifier) (poolId, poolName, before, after) -> 0);
        fixture.registerInjectableResource((PoolMembers) poolId -> {
            shredded.add(poolId);
            return 3;
        });
        fixture.registerInjectableResource((PoolSigningKeys) poolId -> {
            keysRetired.add(poolId);
            return 2;
        });
    }

    @Test
    void deleteWhenPoolExistsThenPoolDeletedMembersShreddedAndSigningKeysRetired() {
        clock.advance(Duration.ofMinutes(2));
        fixture.given(created(totpOnly(MfaMode.REQUIRED)))
                .when(new DeletePool(POOL_ID))
                .expectEvents(new PoolDeleted(POOL_ID, 3, T0.plus(Duration.ofMinutes(2))))
                .expectResultMessagePayloadMatching(org.hamcrest.Matchers.equalTo(
                        new PoolDeletion(POOL_ID, 1, T0.plus(Duration.ofMinutes(2)), 3)));
        assertThat(shredded).containsExactly(POOL_ID);
        assertThat(keysRetired).containsExactly(POOL_ID);
    }

    @Test
    void deleteWhenAlreadyDeletedThenPoolNotFound() {
        fixture.given(created(off()), new PoolDeleted(POOL_ID, 0, T0))
                .when(new DeletePool(POOL_ID))
                .expectNoEvents()
                .expectException(AuthledgerException.class)
                .expectExceptionMessage("No pool with this id exists.");
        assertThat(shredded).isEmpty();
        assertThat(keysRetired).isEmpty();
    }

    @Test
    void changesAfterDeletionThenPoolNotFound() {
        fixture.given(created(off()), new PoolDeleted(POOL_ID, 0, T0))
                .when(new ChangePasswordPolicy(POOL_ID, PasswordPolicy.defaults()))
                .expectNoEvents()
                .expectException(AuthledgerException.class)
                .expectExceptionMessage(UserPool.notFound().getMessage());
        assertThat(UserPool.notFound().code()).isEqualTo(ErrorCode.PoolNotFound);
    }
}
