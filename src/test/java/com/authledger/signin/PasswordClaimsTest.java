package com.authledger.signin;

import com.authledger.pool.PoolContext;
import com.authledger.pool.PoolDirectory;
import com.authledger.secrets.KeyedDerivation;
import com.authledger.secrets.MasterKeyRing;
import com.authledger.user.Results.PasswordVerdict;
import com.authledger.user.api.SignInContext;
import com.authledger.user.password.Srp6a;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The server's side of PASSWORD_VERIFIER as a session asks for it: a user's stored verifier, or for a name that
 * matches no user one derived from the name, shaped alike; and the verdict, which for such a name is always a wrong
 * password, counted under the name (or a lockout).
 */
class PasswordClaimsTest {

    private static final String POOL = "us-east-1_Claims0001";
    private static final String SUB = "5f0c7e1e-9a52-4c61-8d0b-2a6f31c3e001";
    private static final String SESSION = "c2Vzc2lvbi1pZC0wMDAwMQ";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    private PasswordVerifiers verifiers;
    private final UnknownNameFailures unknownNames = mock(UnknownNameFailures.class);
    private final UserSteps users = mock(UserSteps.class);
    private PasswordClaims claims;

    @BeforeEach
    void setUp() {
        MasterKeyRing ring = MasterKeyRing.loadOrCreate(dir.resolve("keys"), dir.resolve("data"), new SecureRandom());
        verifiers = new PasswordVerifiers(new KeyedDerivation(ring));
        PoolDirectory pools = poolId -> Optional.of(new PoolContext(poolId, "pool", null, null, null));
        claims = new PasswordClaims(verifiers, unknownNames, pools, users);
    }

    private PasswordVerifierStep step(String nameMac) {
        return new PasswordVerifierStep("abc123", verifiers.currentKeyId(), nameMac, null, null);
    }

    @Test
    void challengeForAUserIsForTheirStoredVerifier() {
        Srp6a.Verifier stored = Srp6a.newVerifier("Claims0001", SUB, "Passw0rd!", new SecureRandom());
        when(users.passwordVerifier(SUB)).thenReturn(stored);

        PasswordClaims.Parameters parameters = claims.challenge(SESSION, POOL, SUB, "name-mac");

        assertThat(parameters.saltHex()).isEqualTo(stored.saltHex());
        assertThat(parameters.userIdForSrp()).isEqualTo(SUB);
        assertThat(parameters.keyId()).isEqualTo(verifiers.currentKeyId());
    }

    @Test
    void challengeForANameThatMatchesNoUserIsShapedAlikeAndStablePerName() {
        PasswordClaims.Parameters first = claims.challenge(SESSION, POOL, null, "name-mac");
        PasswordClaims.Parameters again = claims.challenge("c2Vzc2lvbi1pZC0wMDAwMg", POOL, null, "name-mac");

        assertThat(first.userIdForSrp()).isEqualTo(again.userIdForSrp()).isNotEqualTo(SUB);
        assertThat(first.saltHex()).isEqualTo(again.saltHex());
        assertThat(first.serverPublicHex()).isNotEqualTo(again.serverPublicHex());
        verify(users, never()).passwordVerifier(anyString());
    }

    @Test
    void challengeForAUserWithoutAPasswordNamesTheUserWithADerivedVerifier() {
        PasswordClaims.Parameters parameters = claims.challenge(SESSION, POOL, SUB, "name-mac");

        assertThat(parameters.userIdForSrp()).isEqualTo(SUB);
        assertThat(parameters.saltHex()).isEqualTo(claims.challenge(SESSION, POOL, null, "name-mac").saltHex());
    }

    @Test
    void namesWhenTheUsernameIsTheUserIdForSrpOrTheNameItStartedWith() {
        when(unknownNames.nameMac(POOL, "alice")).thenReturn("name-mac");
        when(unknownNames.nameMac(POOL, "bob")).thenReturn("other-mac");

        assertThat(claims.names(SUB, POOL, SUB, step("name-mac"))).isTrue();
        assertThat(claims.names("Alice", POOL, SUB, step("name-mac"))).isTrue();
        assertThat(claims.names("bob", POOL, SUB, step("name-mac"))).isFalse();
    }

    @Test
    void verifyForANameThatMatchesNoUserIsAWrongPasswordAfterTheSameWork() {
        when(unknownNames.attemptUnder(eq(POOL), eq("name-mac"), eq(NOW), any())).thenAnswer(call -> {
            call.<Runnable>getArgument(3).run();
            return null;
        });

        PasswordVerdict verdict = claims.verify(SESSION, POOL, null, step("name-mac"), new byte[16],
                "Tue Dec 1 10:00:00 UTC 2026", new byte[32], SignInContext.NONE, NOW);

        assertThat(verdict.outcome()).isEqualTo(PasswordVerdict.Outcome.REJECTED);
        verify(users, never()).verifyPasswordClaim(any(), any(), any());
    }

    @Test
    void verifyForALockedOutNameIsALockout() {
        when(unknownNames.attemptUnder(eq(POOL), eq("name-mac"), eq(NOW), any())).thenReturn(NOW.plusSeconds(60));

        PasswordVerdict verdict = claims.verify(SESSION, POOL, null, step("name-mac"), new byte[16],
                "Tue Dec 1 10:00:00 UTC 2026", new byte[32], SignInContext.NONE, NOW);

        assertThat(verdict.outcome()).isEqualTo(PasswordVerdict.Outcome.LOCKED);
        assertThat(verdict.lockedUntil()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void verifyForAUserIsTheUsersVerdict() {
        PasswordVerdict rejected = new PasswordVerdict(PasswordVerdict.Outcome.REJECTED, null, null);
        when(users.verifyPasswordClaim(eq(SUB), any(), eq(SignInContext.NONE))).thenReturn(rejected);

        assertThat(claims.verify(SESSION, POOL, SUB, step("name-mac"), new byte[16], "Tue Dec 1 10:00:00 UTC 2026",
                new byte[32], SignInContext.NONE, NOW)).isSameAs(rejected);
    }
}
