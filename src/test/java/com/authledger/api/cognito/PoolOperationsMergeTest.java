package com.authledger.api.cognito;

import com.authledger.api.AppClientAdministration;
import com.authledger.api.PoolAdministration;
import com.authledger.client.read.AppClientQueries;
import com.authledger.infra.RequestMetadata;
import com.authledger.pool.MfaConfiguration;
import com.authledger.pool.MfaConfigurationChange;
import com.authledger.pool.MfaMode;
import com.authledger.pool.SmsMfa;
import com.authledger.pool.SmsSender;
import com.authledger.pool.api.ConfigurePoolMfa;
import com.authledger.pool.read.MfaConfigVersion;
import com.authledger.pool.read.PoolMfaConfigQueries;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.RuleViolation;
import com.authledger.user.UsernameRegistry;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Cognito's pool operations send the version they read: a change made in between is merged again, never
 * overwritten, and a pool that keeps changing is refused with ConcurrentModificationException.
 */
class PoolOperationsMergeTest {

    private static final String POOL = "us-east-1_Merge0001";
    private static final Instant T0 = Instant.parse("2026-12-08T09:00:00Z");
    private static final SmsSender FIRST = new SmsSender("arn:aws:iam::123456789012:role/first", null, "us-east-1");
    private static final SmsSender SECOND = new SmsSender("arn:aws:iam::123456789012:role/second", null, "us-east-1");
    private static final MfaConfiguration READ = new MfaConfiguration(MfaMode.OPTIONAL, new SmsMfa(true, null), false,
            false, FIRST);
    /** What another administrator saved after this request read {@link #READ}: a new sender, adaptive on. */
    private static final MfaConfiguration SAVED_MEANWHILE = new MfaConfiguration(MfaMode.OPTIONAL,
            new SmsMfa(true, null), false, true, SECOND);

    private final PoolAdministration pools = mock(PoolAdministration.class);
    private final PoolMfaConfigQueries queries = mock(PoolMfaConfigQueries.class);
    private final PoolOperations operations = new PoolOperations(pools, mock(AppClientAdministration.class), queries,
            mock(AppClientQueries.class), mock(UsernameRegistry.class), new SecureRandom(), "us-east-1");

    private Object call(String operation, String json) {
        CognitoOperation.Handler handler = operations.operations().stream()
                .filter(candidate -> candidate.name().equals(operation)).findFirst().orElseThrow().handler();
        return handler.handle(Input.parse(json.getBytes(StandardCharsets.UTF_8)), new Call(operation, null,
                new RequestMetadata("accesskey:ALAKTEST", "127.0.0.1", null, "r-1", null), null));
    }

    private static RuleViolation versionMismatch() {
        return new RuleViolation(ErrorCode.VersionMismatch, "The MFA configuration is at another version.");
    }

    @Test
    void aChangeMadeInBetweenIsMergedAgainNotOverwritten() {
        when(queries.current(POOL)).thenReturn(Optional.of(new MfaConfigVersion(POOL, 3, T0, null, READ)),
                Optional.of(new MfaConfigVersion(POOL, 4, T0, null, SAVED_MEANWHILE)));
        when(pools.configureMfa(any(), any())).thenThrow(versionMismatch())
                .thenAnswer(sent -> new MfaConfigurationChange(POOL, 5,
                        sent.getArgument(0, ConfigurePoolMfa.class).mfa(), T0, true, null));

        call("SetUserPoolMfaConfig", "{\"UserPoolId\":\"" + POOL + "\",\"SmsMfaConfiguration\":{},"
                + "\"SoftwareTokenMfaConfiguration\":{\"Enabled\":true}}");

        ArgumentCaptor<ConfigurePoolMfa> sent = ArgumentCaptor.forClass(ConfigurePoolMfa.class);
        verify(pools, times(2)).configureMfa(sent.capture(), any());
        assertThat(sent.getAllValues()).extracting(ConfigurePoolMfa::expectedVersion).containsExactly(3L, 4L);
        // the request named TOTP and SMS; what it left out is the newer configuration's, not the one first read
        assertThat(sent.getValue().mfa()).isEqualTo(new MfaConfiguration(MfaMode.OPTIONAL, new SmsMfa(true, null),
                true, true, SECOND));
    }

    @Test
    void aPoolThatKeepsChangingIsRefusedAsAConcurrentModification() {
        when(queries.current(POOL)).thenReturn(Optional.of(new MfaConfigVersion(POOL, 3, T0, null, READ)));
        when(pools.configureMfa(any(), any())).thenThrow(versionMismatch());

        assertThatThrownBy(() -> call("SetUserPoolMfaConfig", "{\"UserPoolId\":\"" + POOL
                + "\",\"SoftwareTokenMfaConfiguration\":{\"Enabled\":true}}"))
                .isInstanceOfSatisfying(AuthledgerException.class,
                        refused -> assertThat(refused.code()).isEqualTo(ErrorCode.ConcurrentModification));
        verify(pools, times(PoolOperations.MERGE_ATTEMPTS)).configureMfa(any(), any());
    }
}
