package com.authledger.signin;

import com.authledger.pool.PoolContext;
import com.authledger.pool.PoolDirectory;
import com.authledger.secrets.KeyedDerivation;
import com.authledger.secrets.MasterKeyRing;
import com.authledger.signin.api.ChallengeName;
import com.authledger.signin.api.ClientTerms;
import com.authledger.user.Results.PasswordVerdict;
import com.authledger.user.api.SignInContext;
import com.authledger.user.password.Srp6a;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
    private static final PasswordClaims.Claim CLAIM = new PasswordClaims.Claim(new byte[16],
            "Tue Dec 1 10:00:00 UTC 2026", new byte[32]);

    @TempDir
    Path dir;

    private static final ClientTerms TERMS = new ClientTerms("client1", Duration.ofMinutes(3), Duration.ofHours(1),
            Duration.ofHours(1), Duration.ofDays(30));

    private PasswordVerifiers verifiers;
    private VerifierTickets tickets;
    private final SpentTickets spent = mock(SpentTickets.class);
    private final UnknownNameFailures unknownNames = mock(UnknownNameFailures.class);
    private final UserSteps users = mock(UserSteps.class);
    private PasswordClaims claims;

    @BeforeEach
    void setUp() {
        MasterKeyRing ring = MasterKeyRing.loadOrCreate(dir.resolve("keys"), dir.resolve("data"), new SecureRandom());
        verifiers = new PasswordVerifiers(new KeyedDerivation(ring));
        PoolDirectory pools = poolId -> Optional.of(new PoolContext(poolId, "pool", null, null, null));
        tickets = new VerifierTickets(new KeyedDerivation(ring), new SecureRandom());
        claims = new PasswordClaims(verifiers, tickets, spent, unknownNames, pools, users);
        when(unknownNames.nameMac(eq(POOL), anyString())).thenAnswer(call -> "mac-of-" + call.getArgument(1));
    }

    /** The parameters of a challenge for {@code sub} under {@code name}, in session {@code session}. */
    private java.util.Map<String, String> challenge(String session, String sub, String name) {
        SignInOutcome outcome = claims.challenge(session, POOL, TERMS, sub, name, "abc123", SignInContext.NONE, NOW);
        assertThat(outcome.challenge()).isEqualTo(ChallengeName.PASSWORD_VERIFIER);
        assertThat(tickets.open(outcome.session())).get().satisfies(ticket -> {
            assertThat(ticket.sessionId()).isEqualTo(session);
            assertThat(ticket.sub()).isEqualTo(sub);
            assertThat(ticket.nameMac()).isEqualTo("mac-of-" + name);
        });
        assertThat(PasswordVerifiers.sessionOf(outcome.parameters().get("SECRET_BLOCK"))).contains(outcome.session());
        return outcome.parameters();
    }

    private PasswordVerifierStep step(String nameMac) {
        return new PasswordVerifierStep("abc123", verifiers.currentKeyId(), nameMac, null, null);
    }

    @Test
    void challengeForAUserIsForTheirStoredVerifier() {
        Srp6a.Verifier stored = Srp6a.newVerifier("Claims0001", SUB, "Passw0rd!", new SecureRandom());
        when(users.passwordVerifier(SUB)).thenReturn(stored);

        java.util.Map<String, String> parameters = challenge(SESSION, SUB, "alice");

        assertThat(parameters.get("SALT")).isEqualTo(stored.saltHex());
        assertThat(parameters.get("USER_ID_FOR_SRP")).isEqualTo(SUB);
    }

    @Test
    void challengeForANameThatMatchesNoUserIsShapedAlikeAndStablePerName() {
        java.util.Map<String, String> first = challenge(SESSION, null, "ghost");
        java.util.Map<String, String> again = challenge("c2Vzc2lvbi1pZC0wMDAwMg", null, "ghost");

        assertThat(first.get("USER_ID_FOR_SRP")).isEqualTo(again.get("USER_ID_FOR_SRP")).isNotEqualTo(SUB)
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(first.get("SALT")).isEqualTo(again.get("SALT"));
        assertThat(first.get("SRP_B")).isNotEqualTo(again.get("SRP_B"));
        assertThat(first.keySet()).isEqualTo(again.keySet());
        verify(users, never()).passwordVerifier(anyString());
    }

    @Test
    void challengeForAUserWithoutAPasswordNamesTheUserWithADerivedVerifier() {
        java.util.Map<String, String> parameters = challenge(SESSION, SUB, "ghost");

        assertThat(parameters.get("USER_ID_FOR_SRP")).isEqualTo(SUB);
        assertThat(parameters.get("SALT")).isEqualTo(challenge(SESSION, null, "ghost").get("SALT"));
    }

    @Test
    void aTicketAnswersOnlyUnderItsPoolAndClientBeforeItExpires() {
        String session = claims.challenge(SESSION, POOL, TERMS, null, "ghost", "abc123", SignInContext.NONE, NOW)
                .session();
        java.util.Map<String, String> answer = java.util.Map.of(
                "PASSWORD_CLAIM_SECRET_BLOCK", PasswordVerifiers.secretBlock(session),
                "PASSWORD_CLAIM_SIGNATURE", java.util.Base64.getEncoder().encodeToString(new byte[32]),
                "TIMESTAMP", PasswordVerifiers.TIMESTAMP.format(NOW.atZone(java.time.ZoneOffset.UTC)));

        assertThat(claims.answerable(session, POOL, "client1", answer, NOW).ticket().sessionId()).isEqualTo(SESSION);
        assertThatThrownBy(() -> claims.answerable(session, "us-east-1_Other00001", "client1", answer, NOW))
                .hasFieldOrPropertyWithValue("code", com.authledger.shared.ErrorCode.InvalidSession);
        assertThatThrownBy(() -> claims.answerable(session, POOL, "client2", answer, NOW))
                .hasFieldOrPropertyWithValue("code", com.authledger.shared.ErrorCode.InvalidSession);
        assertThatThrownBy(() -> claims.answerable(session, POOL, "client1", answer, NOW.plus(Duration.ofMinutes(3))))
                .hasFieldOrPropertyWithValue("code", com.authledger.shared.ErrorCode.SessionExpired);
        String altered = session.substring(0, session.length() - 2)
                + (session.endsWith("AA") ? "AB" : "AA");
        assertThatThrownBy(() -> claims.answerable(altered, POOL, "client1", answer, NOW))
                .hasFieldOrPropertyWithValue("code", com.authledger.shared.ErrorCode.InvalidSession);
    }

    @Test
    void aTicketIsSpentOnceAndRefusedAsAnInvalidSessionAfter() {
        VerifierTickets.Ticket ticket = tickets.open(claims.challenge(SESSION, POOL, TERMS, SUB, "alice", "abc123",
                SignInContext.NONE, NOW).session()).orElseThrow();
        when(spent.spend(SESSION, NOW.plus(Duration.ofMinutes(3)))).thenReturn(true, false);

        claims.spend(ticket);
        assertThatThrownBy(() -> claims.spend(ticket))
                .hasFieldOrPropertyWithValue("code", com.authledger.shared.ErrorCode.InvalidSession);
    }

    @Test
    void namesWhenTheUsernameIsTheUserIdForSrpOrTheNameItStartedWith() {
        when(unknownNames.nameMac(POOL, "alice")).thenReturn("name-mac");

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

        PasswordVerdict verdict = claims.verify(SESSION, POOL, null, step("name-mac"), CLAIM, SignInContext.NONE, NOW);

        assertThat(verdict.outcome()).isEqualTo(PasswordVerdict.Outcome.REJECTED);
        verify(users, never()).verifyPasswordClaim(any(), any(), any());
    }

    @Test
    void verifyForALockedOutNameIsALockout() {
        when(unknownNames.attemptUnder(eq(POOL), eq("name-mac"), eq(NOW), any())).thenReturn(NOW.plusSeconds(60));

        PasswordVerdict verdict = claims.verify(SESSION, POOL, null, step("name-mac"), CLAIM, SignInContext.NONE, NOW);

        assertThat(verdict.outcome()).isEqualTo(PasswordVerdict.Outcome.LOCKED);
        assertThat(verdict.lockedUntil()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void verifyForAUserIsTheUsersVerdict() {
        PasswordVerdict rejected = new PasswordVerdict(PasswordVerdict.Outcome.REJECTED, null, null);
        when(users.verifyPasswordClaim(eq(SUB), any(), eq(SignInContext.NONE))).thenReturn(rejected);

        assertThat(claims.verify(SESSION, POOL, SUB, step("name-mac"), CLAIM, SignInContext.NONE, NOW))
                .isSameAs(rejected);
    }
}
