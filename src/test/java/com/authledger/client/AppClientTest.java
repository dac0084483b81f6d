package com.authledger.client;

import com.authledger.client.api.AppClientCreated;
import com.authledger.client.api.AppClientDeleted;
import com.authledger.client.api.AppClientSettings;
import com.authledger.client.api.AppClientUpdated;
import com.authledger.client.api.CreateAppClient;
import com.authledger.client.api.DeleteAppClient;
import com.authledger.client.api.UpdateAppClient;
import com.authledger.pool.PoolContext;
import com.authledger.pool.PoolDirectory;
import com.authledger.secrets.DataKeyVault;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.support.MutableClock;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The AppClient aggregate alone: creation in an existing pool, sealed secrets, idempotent updates, deletion. */
class AppClientTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final String POOL = "us-east-1_AbC123xyZ";
    private static final String OTHER_POOL = "us-east-1_Other1234";
    private static final String CLIENT = "abcdefghijklmnopqrstuvwxyz";
    private static final AppClientSettings DEFAULTS = AppClientSettings.of("web", null, null, null, null, null);
    private static final AppClientSettings CHANGED = AppClientSettings.of("web", 30, null, null, 10,
            List.of("ALLOW_USER_SRP_AUTH"));

    private AggregateTestFixture<AppClient> fixture;
    private final DataKeyVault vault = mock(DataKeyVault.class);
    private final ClientTokenRevocation families = mock(ClientTokenRevocation.class);

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(AppClient.class);
        fixture.registerInjectableResource(new MutableClock(T0));
        fixture.registerInjectableResource(new SecureRandom());
        fixture.registerInjectableResource(vault);
        fixture.registerInjectableResource(families);
        fixture.registerInjectableResource((PoolDirectory) poolId -> POOL.equals(poolId)
                ? Optional.of(new PoolContext(POOL, "pool", null, null, null)) : Optional.empty());
        when(vault.seal(anyString(), anyString(), anyString())).thenReturn("sealed:v1:opaque");
    }

    private static AppClientCreated created(String sealed) {
        return new AppClientCreated(CLIENT, POOL, DEFAULTS, sealed, T0);
    }

    @Test
    void createWithoutSecretSealsNothing() {
        fixture.givenNoPriorActivity()
                .when(new CreateAppClient(CLIENT, POOL, DEFAULTS, false))
                .expectEvents(created(null))
                .expectResultMessagePayload(new AppClientDescription(CLIENT, POOL, DEFAULTS, false, null, T0, T0, 0,
                        true));
        verify(vault, never()).seal(anyString(), anyString(), anyString());
    }

    @Test
    void createWithSecretStoresItSealedAndAnswersThePlaintextOnce() {
        fixture.givenNoPriorActivity()
                .when(new CreateAppClient(CLIENT, POOL, DEFAULTS, true))
                .expectEvents(created("sealed:v1:opaque"))
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.predicate(
                        payload -> payload instanceof AppClientDescription d && d.hasSecret()
                                && d.clientSecret().matches("[a-z0-9]{51}")));
        verify(vault).seal(eq(CLIENT), eq("clientSecret"), anyString());
    }

    @Test
    void createInAnUnknownPoolIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreateAppClient(CLIENT, OTHER_POOL, DEFAULTS, true))
                .expectNoEvents()
                .expectException(AuthledgerException.class)
                .expectExceptionMessage("No pool with this id exists.");
    }

    @Test
    void updateAppendsOnlyAChange() {
        fixture.given(created(null))
                .when(new UpdateAppClient(CLIENT, POOL, DEFAULTS))
                .expectNoEvents()
                .expectResultMessagePayload(new AppClientDescription(CLIENT, POOL, DEFAULTS, false, null, T0, T0, 0,
                        false));
        fixture.given(created(null))
                .when(new UpdateAppClient(CLIENT, POOL, CHANGED))
                .expectEvents(new AppClientUpdated(CLIENT, POOL, CHANGED, T0));
    }

    @Test
    void aClientIsNotFoundUnderAnotherPool() {
        fixture.given(created(null))
                .when(new UpdateAppClient(CLIENT, OTHER_POOL, CHANGED))
                .expectNoEvents()
                .expectExceptionMessage("This pool has no app client with this id.");
        fixture.given(created(null))
                .when(new DeleteAppClient(CLIENT, OTHER_POOL))
                .expectNoEvents()
                .expectException(AuthledgerException.class);
        verify(families, never()).revokeAllOfClient(anyString(), anyString(), org.mockito.ArgumentMatchers.any());
        assertThat(AppClient.notFound().code()).isEqualTo(ErrorCode.AppClientNotFound);
    }

    @Test
    void deleteShredsTheSecretsKeyAndEndsTheClientsSignIns() {
        fixture.given(created("sealed:v1:opaque"))
                .when(new DeleteAppClient(CLIENT, POOL))
                .expectEvents(new AppClientDeleted(CLIENT, POOL, T0))
                .expectMarkedDeleted();
        verify(vault).shred(CLIENT);
        verify(families).revokeAllOfClient(CLIENT, "app-client-deleted", T0);
    }
}
