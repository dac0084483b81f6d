package com.authledger.signin;

import com.authledger.client.AppClientVerifier;
import com.authledger.client.api.AppClientSettings;
import com.authledger.client.api.AuthFlow;
import com.authledger.client.read.AppClientView;
import com.authledger.infra.CommandDispatcher;
import com.authledger.pool.PoolContext;
import com.authledger.pool.PoolDirectory;
import com.authledger.secrets.DataKeyVault;
import com.authledger.secrets.OneTimeCodeMac;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.signin.SignInService.Initiation;
import com.authledger.user.api.SignInContext;
import com.authledger.user.UserSecrets;
import com.authledger.user.UsernameRegistry;
import com.authledger.user.password.Srp6a;
import org.junit.jupiter.api.Test;
import org.mockito.MockedStatic;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * A name that matches no user costs the same work as a wrong password: the service runs the dummy password check,
 * and the dummy check is the very SRP verifier computation a real password check runs (same pool name, same password,
 * a random 128-bit salt like a user's), so the two answers cannot be told apart by their timing. The end-to-end
 * timing is compared in {@code SignInBadInputTest}.
 */
class UnknownNameWorkTest {

    private static final com.authledger.infra.RequestMetadata ORIGIN = new com.authledger.infra.RequestMetadata(
            "apikey:test", "127.0.0.1", null, "r-1", null);

    private static final String POOL_ID = "us-east-1_Abcdefghi";
    private static final String SRP_POOL = "Abcdefghi";
    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");

    @Test
    void anUnknownNameRunsTheDummyPasswordCheckAndGetsTheWrongPasswordAnswer() {
        PoolContext pool = mock(PoolContext.class);
        when(pool.poolId()).thenReturn(POOL_ID);
        when(pool.srpPoolName()).thenReturn(SRP_POOL);
        PoolDirectory pools = poolId -> POOL_ID.equals(poolId) ? Optional.of(pool) : Optional.empty();
        AppClientVerifier clients = mock(AppClientVerifier.class);
        AppClientView client = mock(AppClientView.class);
        when(client.settings()).thenReturn(new AppClientSettings("web", 60, 60, 43200, 3,
                List.of(AuthFlow.ALLOW_USER_PASSWORD_AUTH)));
        when(clients.verify(eq(POOL_ID), eq("client1"), eq("ghost"), any())).thenReturn(client);
        UsernameRegistry names = mock(UsernameRegistry.class);
        when(names.resolve(POOL_ID, "ghost")).thenReturn(Optional.empty());
        UserSecrets secrets = mock(UserSecrets.class);
        UnknownNameFailures failures = mock(UnknownNameFailures.class);
        when(failures.attempt(eq(POOL_ID), eq("ghost"), eq(NOW), any())).thenAnswer(call -> {
            call.<Runnable>getArgument(3).run();
            return null;
        });
        CommandDispatcher commands = mock(CommandDispatcher.class);
        SignInService service = new SignInService(pools, clients, names, secrets, failures, null,
                new SessionSecrets(new SecureRandom()), commands, null, null,
                mock(com.authledger.limits.GuessLimits.class), mock(com.authledger.limits.RefusalTally.class),
                Clock.fixed(NOW, ZoneOffset.UTC));

        AuthledgerException refused = catchThrowableOfType(AuthledgerException.class, () -> service.initiate(POOL_ID,
                new Initiation("client1", "USER_PASSWORD_AUTH", Map.of("USERNAME", "ghost", "PASSWORD", "Guess-1234"),
                        SignInContext.NONE), true, ORIGIN));

        assertThat(refused.code()).isEqualTo(ErrorCode.NotAuthorized);
        assertThat(refused.getMessage()).isEqualTo(SignInService.INCORRECT);
        verify(secrets).dummyPasswordCheck(SRP_POOL, "Guess-1234");
        verify(failures).attempt(eq(POOL_ID), eq("ghost"), eq(NOW), any());
        verifyNoInteractions(commands);
    }

    @Test
    void theDummyCheckIsTheSrpVerifierComputationOfARealPasswordCheck() {
        DataKeyVault vault = mock(DataKeyVault.class);
        when(vault.seal(anyString(), anyString(), anyString())).thenAnswer(call -> call.getArgument(2));
        when(vault.open(anyString(), anyString(), anyString())).thenAnswer(call -> call.getArgument(2));
        UserSecrets secrets = new UserSecrets(vault, mock(OneTimeCodeMac.class), new SecureRandom());
        String sub = "5f0c0d5e-1111-4222-8333-944445555666";
        String sealed = secrets.sealedVerifier(sub, SRP_POOL, "Right-Password-1");
        String salt = sealed.substring(0, sealed.indexOf(':'));

        try (MockedStatic<Srp6a> srp = mockStatic(Srp6a.class, CALLS_REAL_METHODS)) {
            assertThat(secrets.passwordMatches(sub, SRP_POOL, "Wrong-Password-1", sealed)).isFalse();
            srp.verify(() -> Srp6a.verifier(SRP_POOL, sub, "Wrong-Password-1", salt), times(1));

            secrets.dummyPasswordCheck(SRP_POOL, "Wrong-Password-1");
            srp.verify(() -> Srp6a.verifier(eq(SRP_POOL), anyString(), eq("Wrong-Password-1"),
                    org.mockito.ArgumentMatchers.argThat(dummySalt -> !dummySalt.equals(salt)
                            && new java.math.BigInteger(dummySalt, 16).bitLength() <= 128)), times(1));
            srp.verify(() -> Srp6a.verifier(anyString(), anyString(), anyString(), anyString()), times(2));
        }
    }

    @Test
    void aLockedOutUnknownNameIsRefusedWithoutTheComputationAsALockedOutUserIs() {
        PoolContext pool = mock(PoolContext.class);
        when(pool.poolId()).thenReturn(POOL_ID);
        PoolDirectory pools = poolId -> POOL_ID.equals(poolId) ? Optional.of(pool) : Optional.empty();
        AppClientVerifier clients = mock(AppClientVerifier.class);
        AppClientView client = mock(AppClientView.class);
        when(client.settings()).thenReturn(new AppClientSettings("web", 60, 60, 43200, 3,
                List.of(AuthFlow.ALLOW_USER_PASSWORD_AUTH)));
        when(clients.verify(eq(POOL_ID), eq("client1"), eq("Ghost"), any())).thenReturn(client);
        UsernameRegistry names = mock(UsernameRegistry.class);
        when(names.resolve(POOL_ID, "Ghost")).thenReturn(Optional.empty());
        UserSecrets secrets = mock(UserSecrets.class);
        UnknownNameFailures failures = mock(UnknownNameFailures.class);
        when(failures.attempt(eq(POOL_ID), eq("ghost"), eq(NOW), any())).thenReturn(NOW.plusSeconds(1));
        SignInService service = new SignInService(pools, clients, names, secrets, failures, null,
                new SessionSecrets(new SecureRandom()), mock(CommandDispatcher.class), null, null,
                mock(com.authledger.limits.GuessLimits.class), mock(com.authledger.limits.RefusalTally.class),
                Clock.fixed(NOW, ZoneOffset.UTC));

        AuthledgerException refused = catchThrowableOfType(AuthledgerException.class, () -> service.initiate(POOL_ID,
                new Initiation("client1", "USER_PASSWORD_AUTH", Map.of("USERNAME", "Ghost", "PASSWORD", "Guess-1234"),
                        SignInContext.NONE), true, ORIGIN));

        assertThat(refused.code()).isEqualTo(ErrorCode.PasswordAttemptsExceeded);
        verify(secrets, never()).dummyPasswordCheck(anyString(), anyString());
    }
}
