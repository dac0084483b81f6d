package com.authledger.signin;

import com.authledger.client.api.AppClientSettings;
import com.authledger.client.read.AppClientQueries;
import com.authledger.client.read.AppClientView;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.signin.api.ChallengeName;
import com.authledger.signin.api.ClientTerms;
import com.authledger.signin.api.SignInCommand.AssociateSoftwareTokenInSession;
import com.authledger.signin.api.SignInCommand.RefreshTokens;
import com.authledger.signin.api.SignInCommand.RespondToChallenge;
import com.authledger.signin.api.SignInCommand.RevokeRefreshToken;
import com.authledger.signin.api.SignInCommand.AnswerPasswordVerifier;
import com.authledger.signin.api.SignInCommand.StartSignIn;
import com.authledger.signin.api.SignInCommand.VerifySoftwareTokenInSession;
import com.authledger.signin.api.SignInEvent.ChallengeAnswered;
import com.authledger.signin.api.SignInEvent.ChallengeFailed;
import com.authledger.signin.api.SignInEvent.ChallengeIssued;
import com.authledger.signin.api.SignInEvent.PasswordVerifierIssued;
import com.authledger.signin.api.SignInEvent.RefreshTokenRotated;
import com.authledger.signin.api.SignInEvent.SessionExpired;
import com.authledger.signin.api.SignInEvent.SignInFailed;
import com.authledger.signin.api.SignInEvent.SignInStarted;
import com.authledger.signin.api.SignInEvent.SignInSucceeded;
import com.authledger.signin.api.SignInEvent.TokenFamilyRevoked;
import com.authledger.signin.api.TokenRequest;
import com.authledger.support.MutableClock;
import com.authledger.support.Verifies;
import com.authledger.user.Lockout;
import com.authledger.user.Results;
import com.authledger.user.Results.CodeVerdict;
import com.authledger.user.Results.PasswordVerdict;
import com.authledger.user.Results.SignInProfile;
import com.authledger.user.Results.SoftwareTokenSecret;
import com.authledger.user.Results.StepVerdict;
import com.authledger.user.SignInRequirement;
import com.authledger.user.SignInRequirement.Factor;
import com.authledger.user.SignInRequirement.Step;
import com.authledger.user.api.RevocationReason;
import com.authledger.user.api.SignInContext;
import com.authledger.user.api.UserCommand.AuthenticateSignInStep;
import com.authledger.user.api.UserStatus;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The SignInSession aggregate alone: every rule of {@link SignInRules}, one test each (given events, when a command,
 * expect the events or the refusal's code and message), and the success path of every handler. The user's side, the
 * SMS codes, the token register and the app clients are test doubles; session secrets are counted ("secret-1", ...).
 */
class SignInSessionTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String SESSION = "c2Vzc2lvbi1pZC0wMDAwMQ";
    private static final String POOL = "us-east-1_SignIn0001";
    private static final String CLIENT = "signinclient00000000000001";
    private static final String SUB = "5f0c7e1e-9a52-4c61-8d0b-2a6f31c3e001";
    private static final String PHONE = "+15555550123";
    private static final String IP = "203.0.113.7";
    private static final SignInContext CONTEXT = new SignInContext(IP, "curl/8", null);
    private static final Duration SESSION_VALIDITY = Duration.ofMinutes(3);
    private static final Duration REFRESH_VALIDITY = Duration.ofDays(30);
    private static final ClientTerms TERMS = new ClientTerms(CLIENT, SESSION_VALIDITY, Duration.ofMinutes(60),
            Duration.ofMinutes(60), REFRESH_VALIDITY);
    private static final ClientTerms OTHER_CLIENT = new ClientTerms("otherclient000000000000001", SESSION_VALIDITY,
            Duration.ofMinutes(60), Duration.ofMinutes(60), REFRESH_VALIDITY);

    private AggregateTestFixture<SignInSession> fixture;
    private final MutableClock clock = new MutableClock(T0);
    private final UserSteps users = mock(UserSteps.class);
    private final PasswordClaims claims = mock(PasswordClaims.class);
    private final SmsChallengeCodes smsCodes = mock(SmsChallengeCodes.class);
    private final TokenFamilyRegister families = mock(TokenFamilyRegister.class);
    private final AppClientQueries clients = mock(AppClientQueries.class);

    /** Session secrets in the order they are made: "secret-1", "secret-2", ... */
    private static final class CountedSecrets extends SessionSecrets {
        private int made;

        CountedSecrets() {
            super(new SecureRandom());
        }

        @Override
        public String newSecret() {
            return "secret-" + ++made;
        }
    }

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SignInSession.class);
        fixture.registerInjectableResource(clock);
        fixture.registerInjectableResource(new CountedSecrets());
        fixture.registerInjectableResource(users);
        fixture.registerInjectableResource(claims);
        fixture.registerInjectableResource(smsCodes);
        fixture.registerInjectableResource(families);
        fixture.registerInjectableResource(clients);
        when(families.refusal(anyString())).thenReturn(Optional.empty());
        when(clients.client(POOL, CLIENT)).thenReturn(Optional.of(new AppClientView(CLIENT, POOL,
                AppClientSettings.of("web", null, null, null, null, null), null, T0, "admin", T0, 0, 0)));
    }

    // ---- given: profiles and events

    private static SignInProfile profile(UserStatus status, Step step, Set<Factor> usable, Factor preferred,
                                         boolean canSetUpSms, boolean canSetUpTotp) {
        return new SignInProfile(SUB, "alice", status, new SignInRequirement(step, usable), preferred, true, PHONE,
                "phone-v1", canSetUpSms, canSetUpTotp);
    }

    private static final SignInProfile PASSWORD_ONLY = profile(UserStatus.CONFIRMED, Step.PASSWORD_ONLY, Set.of(),
            null, false, false);
    private static final SignInProfile TOTP = profile(UserStatus.CONFIRMED, Step.CHALLENGE,
            Set.of(Factor.SOFTWARE_TOKEN_MFA), null, false, false);
    private static final SignInProfile BOTH = profile(UserStatus.CONFIRMED, Step.CHALLENGE,
            Set.of(Factor.SMS_MFA, Factor.SOFTWARE_TOKEN_MFA), null, false, false);
    private static final SignInProfile SET_UP_EITHER = profile(UserStatus.CONFIRMED, Step.SET_UP_FACTOR, Set.of(),
            null, true, true);

    private static String hash(String secret) {
        return SessionSecrets.hash(secret);
    }

    private static Instant expiry(Instant issuedAt) {
        return issuedAt.plus(SESSION_VALIDITY);
    }

    private static ChallengeIssued issued(ChallengeName name, String secret, List<String> options, String codeMac,
                                          String destination, String setUp, String phoneVersion, Instant at) {
        return new ChallengeIssued(SESSION, POOL, SUB, name, hash(secret), options, codeMac, destination, setUp,
                phoneVersion, expiry(at), at);
    }

    private static ChallengeIssued issued(ChallengeName name, String secret, List<String> options) {
        return issued(name, secret, options, null, null, null, null, T0);
    }

    private static SignInStarted started(ChallengeIssued first) {
        return new SignInStarted(SESSION, POOL, CLIENT, SUB, "alice", true, IP, "curl/8", null, T0, first);
    }

    private static SignInStarted startedWithTotp() {
        return started(issued(ChallengeName.SOFTWARE_TOKEN_MFA, "step-1", List.of()));
    }

    private static SignInStarted startedWithSetUp(String setUp) {
        return started(issued(ChallengeName.MFA_SETUP, "step-1", List.of("SMS_MFA", "SOFTWARE_TOKEN_MFA"), null,
                null, setUp, null, T0));
    }

    private static PasswordVerifierIssued verifierIssued(String sub) {
        return new PasswordVerifierIssued(SESSION, POOL, CLIENT, sub, "name-mac", hash("step-0"), "abc123", "mk-1",
                IP, "aws-amplify/6", "device-1", expiry(T0), T0);
    }

    private static SignInSucceeded succeeded() {
        return new SignInSucceeded(SESSION, POOL, SUB, CLIENT, ChallengeName.SOFTWARE_TOKEN_MFA, "totp",
                List.of("pwd", "otp", "mfa"), hash("refresh-0"), T0.plus(REFRESH_VALIDITY), T0);
    }

    // ---- when: commands

    private static RespondToChallenge respond(String secret, ChallengeName name, Map<String, String> responses) {
        return new RespondToChallenge(SESSION, secret, TERMS, name, responses, CONTEXT);
    }

    private static RespondToChallenge totpAnswer(String secret) {
        return respond(secret, ChallengeName.SOFTWARE_TOKEN_MFA, Map.of("SOFTWARE_TOKEN_MFA_CODE", "123456"));
    }

    private void totpVerdict(StepVerdict.Outcome outcome) {
        when(users.authenticate(any())).thenReturn(new StepVerdict(outcome, "totp"));
    }

    // ---- expect

    private static SignInSucceeded success(ChallengeName answered, String method, List<String> amr, String secret,
                                           Instant at) {
        return new SignInSucceeded(SESSION, POOL, SUB, CLIENT, answered, method, amr, hash(secret),
                at.plus(REFRESH_VALIDITY), at);
    }

    /** A refusal thrown: nothing recorded. */
    private static void refused(ResultValidator<SignInSession> result, ErrorCode code, String message) {
        result.expectNoEvents().expectException(refusal(code)).expectExceptionMessage(message);
    }

    private static Matcher<Throwable> refusal(ErrorCode code) {
        return new FeatureMatcher<Throwable, ErrorCode>(equalTo(code), "error code", "code") {
            @Override
            protected ErrorCode featureValueOf(Throwable actual) {
                return actual instanceof AuthledgerException e ? e.code() : null;
            }
        };
    }

    /** A refusal returned after what it recorded (the caller throws it once the record committed). */
    private static Matcher<Object> recordedRefusal(ErrorCode code, String message) {
        return allOf(new FeatureMatcher<Object, ErrorCode>(equalTo(code), "refusal code", "code") {
            @Override
            protected ErrorCode featureValueOf(Object actual) {
                return ((SignInOutcome) actual).refusal().code();
            }
        }, new FeatureMatcher<Object, String>(equalTo(message), "refusal message", "message") {
            @Override
            protected String featureValueOf(Object actual) {
                return ((SignInOutcome) actual).refusal().getMessage();
            }
        });
    }

    private static Matcher<Object> outcome(java.util.function.Predicate<SignInOutcome> check, String description) {
        return new FeatureMatcher<Object, Boolean>(equalTo(true), description, description) {
            @Override
            protected Boolean featureValueOf(Object actual) {
                return check.test((SignInOutcome) actual);
            }
        };
    }

    @Nested
    class Start {

        @Test
        void startWhenThePasswordSufficesThenStartedAndSucceededAndTheTokensGranted() {
            fixture.givenNoPriorActivity()
                    .when(new StartSignIn(SESSION, POOL, TERMS, PASSWORD_ONLY, CONTEXT))
                    .expectEvents(started(null), success(null, null, List.of("pwd"), "secret-1", T0))
                    .expectResultMessagePayload(SignInOutcome.granted(new TokenRequest(POOL, CLIENT, SUB, "alice",
                            T0, true, List.of("pwd"), SESSION, SESSION, Duration.ofMinutes(60),
                            Duration.ofMinutes(60)), SESSION + ".secret-1"));
            verify(families).open(SESSION, POOL, SUB, CLIENT, T0, T0.plus(REFRESH_VALIDITY));
        }

        @Test
        void startWhenOneFactorIsUsableThenItsChallengeIsRecordedInTheStart() {
            fixture.givenNoPriorActivity()
                    .when(new StartSignIn(SESSION, POOL, TERMS, TOTP, CONTEXT))
                    .expectEvents(started(issued(ChallengeName.SOFTWARE_TOKEN_MFA, "secret-1", List.of())))
                    .expectResultMessagePayload(SignInOutcome.challenge(ChallengeName.SOFTWARE_TOKEN_MFA,
                            Map.of("USER_ID_FOR_SRP", SUB), SESSION + ".secret-1"));
        }

        @Test
        void startWhenSmsIsTheFactorThenACodeIsSentAndOnlyItsMacRecorded() {
            SignInProfile sms = profile(UserStatus.CONFIRMED, Step.CHALLENGE, Set.of(Factor.SMS_MFA), null, false,
                    false);
            when(smsCodes.send(POOL, SUB, SESSION, PHONE, IP)).thenReturn("code-mac");
            String masked = Results.CodeDelivery.maskPhone(PHONE);
            fixture.givenNoPriorActivity()
                    .when(new StartSignIn(SESSION, POOL, TERMS, sms, CONTEXT))
                    .expectEvents(started(issued(ChallengeName.SMS_MFA, "secret-1", List.of(), "code-mac", masked,
                            null, null, T0)))
                    .expectResultMessagePayload(SignInOutcome.challenge(ChallengeName.SMS_MFA,
                            Map.of("CODE_DELIVERY_DELIVERY_MEDIUM", "SMS", "CODE_DELIVERY_DESTINATION", masked,
                                    "USER_ID_FOR_SRP", SUB), SESSION + ".secret-1"));
        }

        @Test
        void startWhenTwoFactorsAndNoPreferenceThenTheUserSelects() {
            fixture.givenNoPriorActivity()
                    .when(new StartSignIn(SESSION, POOL, TERMS, BOTH, CONTEXT))
                    .expectEvents(started(issued(ChallengeName.SELECT_MFA_TYPE, "secret-1",
                            List.of("SMS_MFA", "SOFTWARE_TOKEN_MFA"))))
                    .expectResultMessagePayload(SignInOutcome.challenge(ChallengeName.SELECT_MFA_TYPE,
                            Map.of("MFAS_CAN_CHOOSE", "[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]", "USER_ID_FOR_SRP", SUB),
                            SESSION + ".secret-1"));
        }

        @Test
        void startWhenTwoFactorsAndAPreferenceThenThePreferredIsChallenged() {
            SignInProfile preferring = profile(UserStatus.CONFIRMED, Step.CHALLENGE,
                    Set.of(Factor.SMS_MFA, Factor.SOFTWARE_TOKEN_MFA), Factor.SOFTWARE_TOKEN_MFA, false, false);
            fixture.givenNoPriorActivity()
                    .when(new StartSignIn(SESSION, POOL, TERMS, preferring, CONTEXT))
                    .expectEvents(started(issued(ChallengeName.SOFTWARE_TOKEN_MFA, "secret-1", List.of())));
        }

        @Test
        void startWhenAFactorMustBeSetUpThenMfaSetUpOffersWhatTheUserCanSetUp() {
            fixture.givenNoPriorActivity()
                    .when(new StartSignIn(SESSION, POOL, TERMS, SET_UP_EITHER, CONTEXT))
                    .expectEvents(started(issued(ChallengeName.MFA_SETUP, "secret-1",
                            List.of("SMS_MFA", "SOFTWARE_TOKEN_MFA"))))
                    .expectResultMessagePayload(SignInOutcome.challenge(ChallengeName.MFA_SETUP,
                            Map.of("MFAS_CAN_SETUP", "[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]", "USER_ID_FOR_SRP", SUB),
                            SESSION + ".secret-1"));
        }

        @Test
        void startWhenThePasswordMustChangeThenNewPasswordRequired() {
            SignInProfile force = profile(UserStatus.FORCE_CHANGE_PASSWORD, Step.PASSWORD_ONLY, Set.of(), null,
                    false, false);
            fixture.givenNoPriorActivity()
                    .when(new StartSignIn(SESSION, POOL, TERMS, force, CONTEXT))
                    .expectEvents(started(issued(ChallengeName.NEW_PASSWORD_REQUIRED, "secret-1", List.of())));
        }

        @Test
        @Verifies(SignInRules.UserMaySignIn.class)
        void userMaySignInWhenUnconfirmedThenRefused() {
            refused(fixture.givenNoPriorActivity().when(new StartSignIn(SESSION, POOL, TERMS,
                    profile(UserStatus.UNCONFIRMED, Step.PASSWORD_ONLY, Set.of(), null, false, false), CONTEXT)),
                    ErrorCode.UserNotConfirmed, "User is not confirmed.");
        }

        @Test
        @Verifies(SignInRules.UserMaySignIn.class)
        void userMaySignInWhenBoundToResetThePasswordThenRefused() {
            refused(fixture.givenNoPriorActivity().when(new StartSignIn(SESSION, POOL, TERMS,
                    profile(UserStatus.RESET_REQUIRED, Step.PASSWORD_ONLY, Set.of(), null, false, false), CONTEXT)),
                    ErrorCode.PasswordResetRequired, "Password reset required for the user");
        }

        @Test
        @Verifies(SignInRules.SetUpHasAChoice.class)
        void setUpHasAChoiceWhenOnlySmsIsOfferedAndTheUserHasNoPhoneThenRefused() {
            refused(fixture.givenNoPriorActivity().when(new StartSignIn(SESSION, POOL, TERMS,
                    profile(UserStatus.CONFIRMED, Step.SET_UP_FACTOR, Set.of(), null, false, false), CONTEXT)),
                    ErrorCode.PhoneNumberMissing, "The pool requires SMS MFA and the user has no phone number: "
                            + "add one, then sign in again.");
        }
    }

    @Nested
    class PasswordVerifier {

        private static final String TIMESTAMP = PasswordVerifiers.TIMESTAMP.format(
                T0.atZone(java.time.ZoneOffset.UTC));

        private RespondToChallenge claim(String timestamp) {
            return respond("step-0", ChallengeName.PASSWORD_VERIFIER, Map.of(
                    "PASSWORD_CLAIM_SECRET_BLOCK", Base64.getEncoder().encodeToString("block".getBytes()),
                    "PASSWORD_CLAIM_SIGNATURE", Base64.getEncoder().encodeToString(new byte[32]),
                    "TIMESTAMP", timestamp));
        }

        private void verdict(PasswordVerdict verdict) {
            when(claims.verify(eq(SESSION), eq(POOL), eq(SUB), any(),
                    org.mockito.ArgumentMatchers.argThat(claim -> claim.timestamp().equals(TIMESTAMP)), any(), eq(T0)))
                    .thenReturn(verdict);
        }

        @Test
        void answerToATicketThenTheSessionBeginsWithItsChallengeAndTheAttemptStarts() {
            verdict(new PasswordVerdict(PasswordVerdict.Outcome.ACCEPTED, PASSWORD_ONLY, null));
            PasswordVerifierIssued issued = verifierIssued(SUB);
            fixture.givenNoPriorActivity()
                    .when(new AnswerPasswordVerifier(SESSION, issued, TERMS, claim(TIMESTAMP).responses(), CONTEXT))
                    .expectEvents(issued, started(null), success(null, null, List.of("pwd"), "secret-1", T0));
        }

        @Test
        @Verifies(SignInRules.PasswordProven.class)
        void answerToATicketWhenTheClaimIsWrongThenTheSessionBeginsAndEnds() {
            verdict(new PasswordVerdict(PasswordVerdict.Outcome.REJECTED, null, null));
            PasswordVerifierIssued issued = verifierIssued(SUB);
            fixture.givenNoPriorActivity()
                    .when(new AnswerPasswordVerifier(SESSION, issued, TERMS, claim(TIMESTAMP).responses(), CONTEXT))
                    .expectEvents(issued, new SignInFailed(SESSION, POOL, SUB, "wrong-password", T0))
                    .expectResultMessagePayloadMatching(recordedRefusal(ErrorCode.NotAuthorized,
                            SignInRules.INCORRECT));
        }

        @Test
        void answerWhenTheClaimProvesThePasswordThenTheAttemptStarts() {
            verdict(new PasswordVerdict(PasswordVerdict.Outcome.ACCEPTED, PASSWORD_ONLY, null));
            fixture.given(verifierIssued(SUB))
                    .when(claim(TIMESTAMP))
                    .expectEvents(started(null), success(null, null, List.of("pwd"), "secret-1", T0));
        }

        @Test
        @Verifies(SignInRules.PasswordProven.class)
        void passwordProvenWhenTheClaimIsWrongThenTheSessionEnds() {
            verdict(new PasswordVerdict(PasswordVerdict.Outcome.REJECTED, null, null));
            fixture.given(verifierIssued(SUB))
                    .when(claim(TIMESTAMP))
                    .expectEvents(new SignInFailed(SESSION, POOL, SUB, "wrong-password", T0))
                    .expectResultMessagePayloadMatching(recordedRefusal(ErrorCode.NotAuthorized,
                            SignInRules.INCORRECT));
        }

        @Test
        @Verifies(SignInRules.PasswordProven.class)
        void passwordProvenWhenTheUserIsLockedOutThenTheSessionEnds() {
            verdict(new PasswordVerdict(PasswordVerdict.Outcome.LOCKED, null, T0.plusSeconds(60)));
            fixture.given(verifierIssued(SUB))
                    .when(claim(TIMESTAMP))
                    .expectEvents(new SignInFailed(SESSION, POOL, SUB, "locked-out", T0))
                    .expectResultMessagePayloadMatching(recordedRefusal(ErrorCode.PasswordAttemptsExceeded,
                            Lockout.MESSAGE));
        }

        @Test
        @Verifies(SignInRules.UserMaySignIn.class)
        void userMaySignInWhenTheClaimIsRightButTheUserUnconfirmedThenTheSessionEnds() {
            verdict(new PasswordVerdict(PasswordVerdict.Outcome.ACCEPTED,
                    profile(UserStatus.UNCONFIRMED, Step.PASSWORD_ONLY, Set.of(), null, false, false), null));
            fixture.given(verifierIssued(SUB))
                    .when(claim(TIMESTAMP))
                    .expectEvents(new SignInFailed(SESSION, POOL, SUB, "user-not-usable", T0))
                    .expectResultMessagePayloadMatching(recordedRefusal(ErrorCode.UserNotConfirmed,
                            "User is not confirmed."));
        }

        @Test
        @Verifies(SignInRules.TimestampIsCurrent.class)
        void timestampIsCurrentWhenTheClaimIsStaleThenRefusedWithoutAVerdict() {
            String stale = PasswordVerifiers.TIMESTAMP.format(T0.minus(Duration.ofMinutes(6))
                    .atZone(java.time.ZoneOffset.UTC));
            refused(fixture.given(verifierIssued(SUB)).when(claim(stale)), ErrorCode.NotAuthorized,
                    "The TIMESTAMP of the password claim is too far from the server's time; answer again with the "
                            + "current time.");
            verify(claims, never()).verify(any(), any(), any(), any(), any(), any(), any());
        }

        @Test
        @Verifies(SignInRules.AnswerNamesTheUser.class)
        void answerNamesTheUserWhenTheUsernameIsNotTheVerifiersThenInvalidSession() {
            when(claims.names(eq("bob"), eq(POOL), eq(SUB), any())).thenReturn(false);
            refused(fixture.given(verifierIssued(SUB)).when(respond("step-0", ChallengeName.PASSWORD_VERIFIER,
                    Map.of("USERNAME", "bob"))), ErrorCode.InvalidSession, SignInRules.INVALID);
        }
    }

    @Nested
    class Session {

        @Test
        @Verifies(SignInRules.SessionOfClient.class)
        void sessionOfClientWhenAnsweredThroughAnotherClientThenInvalidSession() {
            refused(fixture.given(startedWithTotp()).when(new RespondToChallenge(SESSION, "step-1", OTHER_CLIENT,
                    ChallengeName.SOFTWARE_TOKEN_MFA, Map.of("SOFTWARE_TOKEN_MFA_CODE", "123456"), CONTEXT)),
                    ErrorCode.InvalidSession, SignInRules.INVALID);
        }

        @Test
        @Verifies(SignInRules.SessionOfPool.class)
        void sessionOfPoolWhenEnrolledUnderAnotherPoolThenInvalidSession() {
            refused(fixture.given(startedWithSetUp(null))
                            .when(new AssociateSoftwareTokenInSession(SESSION, "step-1", "us-east-1_Other00001")),
                    ErrorCode.InvalidSession, SignInRules.INVALID);
        }

        @Test
        @Verifies(SignInRules.SessionAnswersCurrentStep.class)
        void sessionAnswersCurrentStepWhenTheSecretIsWrongThenInvalidSession() {
            refused(fixture.given(startedWithTotp()).when(totpAnswer("not-the-secret")), ErrorCode.InvalidSession,
                    SignInRules.INVALID);
        }

        @Test
        @Verifies(SignInRules.SessionAnswersCurrentStep.class)
        void sessionAnswersCurrentStepWhenTheSecretOfAnEarlierStepThenUsedOnce() {
            fixture.given(started(issued(ChallengeName.SELECT_MFA_TYPE, "step-1",
                            List.of("SMS_MFA", "SOFTWARE_TOKEN_MFA"))),
                    new ChallengeAnswered(SESSION, POOL, SUB, ChallengeName.SELECT_MFA_TYPE,
                            "selected-SOFTWARE_TOKEN_MFA", T0),
                    issued(ChallengeName.SOFTWARE_TOKEN_MFA, "step-2", List.of()));
            refused(fixture.when(respond("step-1", ChallengeName.SOFTWARE_TOKEN_MFA,
                    Map.of("SOFTWARE_TOKEN_MFA_CODE", "123456"))), ErrorCode.InvalidSession, SignInRules.USED_ONCE);
        }

        @Test
        @Verifies(SignInRules.SessionAnswersCurrentStep.class)
        void sessionAnswersCurrentStepWhenTheSignInSucceededThenUsedOnce() {
            refused(fixture.given(startedWithTotp(), succeeded()).when(totpAnswer("step-1")),
                    ErrorCode.InvalidSession, SignInRules.USED_ONCE);
        }

        @Test
        @Verifies(SignInRules.SessionAnswersCurrentStep.class)
        void sessionAnswersCurrentStepWhenTheAttemptEndedThenUsedOnce() {
            refused(fixture.given(startedWithTotp(), new SignInFailed(SESSION, POOL, SUB, "locked-out", T0))
                    .when(totpAnswer("step-1")), ErrorCode.InvalidSession, SignInRules.USED_ONCE);
        }

        @Test
        @Verifies(SignInRules.SessionAnswersCurrentStep.class)
        void sessionAnswersCurrentStepWhenExpiredAlreadyThenExpiredAgainAndNothingRecorded() {
            refused(fixture.given(startedWithTotp(), new SessionExpired(SESSION, POOL, SUB, expiry(T0)))
                    .when(totpAnswer("step-1")), ErrorCode.SessionExpired, SignInRules.EXPIRED);
        }

        @Test
        @Verifies(SignInRules.SessionAnswersCurrentStep.class)
        void sessionAnswersCurrentStepWhenExpiredAndAnotherSecretThenInvalidSession() {
            refused(fixture.given(startedWithTotp(), new SessionExpired(SESSION, POOL, SUB, expiry(T0)))
                    .when(totpAnswer("step-2")), ErrorCode.InvalidSession, SignInRules.INVALID);
        }

        @Test
        @Verifies(SignInRules.SessionNotExpired.class)
        void sessionNotExpiredWhenAnsweredAtItsExpiryThenTheExpiryIsRecorded() {
            fixture.given(startedWithTotp());
            clock.set(expiry(T0));
            fixture.when(totpAnswer("step-1"))
                    .expectEvents(new SessionExpired(SESSION, POOL, SUB, expiry(T0)))
                    .expectResultMessagePayloadMatching(recordedRefusal(ErrorCode.SessionExpired,
                            SignInRules.EXPIRED));
        }

        @Test
        @Verifies(SignInRules.AnswerNamesTheUser.class)
        void answerNamesTheUserWhenTheUsernameIsAnotherUsersThenInvalidSession() {
            refused(fixture.given(startedWithTotp()).when(respond("step-1", ChallengeName.SOFTWARE_TOKEN_MFA,
                    Map.of("USERNAME", "bob", "SOFTWARE_TOKEN_MFA_CODE", "123456"))), ErrorCode.InvalidSession,
                    SignInRules.INVALID);
        }

        @Test
        void answerNamesTheUserWhenTheUsernameDiffersOnlyInCaseThenAnswered() {
            totpVerdict(StepVerdict.Outcome.ACCEPTED);
            fixture.given(startedWithTotp())
                    .when(respond("step-1", ChallengeName.SOFTWARE_TOKEN_MFA,
                            Map.of("USERNAME", "ALICE", "SOFTWARE_TOKEN_MFA_CODE", "123456")))
                    .expectEvents(success(ChallengeName.SOFTWARE_TOKEN_MFA, "totp", List.of("pwd", "otp", "mfa"),
                            "secret-1", T0));
        }

        @Test
        @Verifies(SignInRules.AnswerToTheChallenge.class)
        void answerToTheChallengeWhenAnotherChallengeIsNamedThenInvalidParameter() {
            refused(fixture.given(startedWithTotp()).when(respond("step-1", ChallengeName.SMS_MFA,
                    Map.of("SMS_MFA_CODE", "123456"))), ErrorCode.InvalidParameter,
                    "challengeName must be SOFTWARE_TOKEN_MFA, the challenge of this session");
        }

        @Test
        void answerWithoutItsCodeThenInvalidParameter() {
            refused(fixture.given(startedWithTotp()).when(respond("step-1", ChallengeName.SOFTWARE_TOKEN_MFA,
                    Map.of())), ErrorCode.InvalidParameter, "SOFTWARE_TOKEN_MFA_CODE is required");
        }
    }

    @Nested
    class Challenges {

        @Test
        void newPasswordRequiredWhenAnsweredThenTheDecisionTableGoesOn() {
            when(users.completeNewPassword(SUB, "N3w-Passw0rd!")).thenReturn(PASSWORD_ONLY);
            fixture.given(started(issued(ChallengeName.NEW_PASSWORD_REQUIRED, "step-1", List.of())))
                    .when(respond("step-1", ChallengeName.NEW_PASSWORD_REQUIRED,
                            Map.of("NEW_PASSWORD", "N3w-Passw0rd!")))
                    .expectEvents(new ChallengeAnswered(SESSION, POOL, SUB, ChallengeName.NEW_PASSWORD_REQUIRED,
                                    "new-password", T0),
                            success(null, null, List.of("pwd"), "secret-1", T0));
        }

        @Test
        void selectMfaTypeWhenAnsweredThenTheChosenFactorIsChallenged() {
            when(users.describe(SUB)).thenReturn(BOTH);
            fixture.given(started(issued(ChallengeName.SELECT_MFA_TYPE, "step-1",
                            List.of("SMS_MFA", "SOFTWARE_TOKEN_MFA"))))
                    .when(respond("step-1", ChallengeName.SELECT_MFA_TYPE, Map.of("ANSWER", "SOFTWARE_TOKEN_MFA")))
                    .expectEvents(new ChallengeAnswered(SESSION, POOL, SUB, ChallengeName.SELECT_MFA_TYPE,
                                    "selected-SOFTWARE_TOKEN_MFA", T0),
                            issued(ChallengeName.SOFTWARE_TOKEN_MFA, "secret-1", List.of()));
        }

        @Test
        @Verifies(SignInRules.AnswerIsOffered.class)
        void answerIsOfferedWhenTheAnswerIsNotAChoiceThenRefused() {
            refused(fixture.given(started(issued(ChallengeName.SELECT_MFA_TYPE, "step-1",
                            List.of("SMS_MFA", "SOFTWARE_TOKEN_MFA"))))
                            .when(respond("step-1", ChallengeName.SELECT_MFA_TYPE, Map.of("ANSWER", "EMAIL_OTP"))),
                    ErrorCode.MfaMethodNotFound, "ANSWER must be one of SMS_MFA, SOFTWARE_TOKEN_MFA.");
        }

        @Test
        @Verifies(SignInRules.FactorStillUsable.class)
        void factorStillUsableWhenTheChosenFactorWentSinceTheOfferThenRefused() {
            when(users.describe(SUB)).thenReturn(TOTP);
            refused(fixture.given(started(issued(ChallengeName.SELECT_MFA_TYPE, "step-1",
                            List.of("SMS_MFA", "SOFTWARE_TOKEN_MFA"))))
                            .when(respond("step-1", ChallengeName.SELECT_MFA_TYPE, Map.of("ANSWER", "SMS_MFA"))),
                    ErrorCode.MfaMethodNotFound, "That factor can no longer be used by this user; sign in again.");
        }

        @Test
        void softwareTokenMfaWhenTheCodeIsAcceptedThenSucceededWithTheFactorInTheAmr() {
            totpVerdict(StepVerdict.Outcome.ACCEPTED);
            fixture.given(startedWithTotp())
                    .when(totpAnswer("step-1"))
                    .expectEvents(success(ChallengeName.SOFTWARE_TOKEN_MFA, "totp", List.of("pwd", "otp", "mfa"),
                            "secret-1", T0))
                    .expectResultMessagePayloadMatching(outcome(o -> o.grant() != null
                            && o.grant().request().amr().equals(List.of("pwd", "otp", "mfa"))
                            && o.grant().refreshToken().equals(SESSION + ".secret-1"), "granted tokens"));
            verify(users).authenticate(new AuthenticateSignInStep(SUB, Factor.SOFTWARE_TOKEN_MFA, "123456", false,
                    true, CONTEXT));
            verify(users, never()).clearFailures(anyString());
        }

        @Test
        void smsMfaWhenTheCodeMatchesThenSucceeded() {
            when(smsCodes.matches("code-mac", SUB, SESSION, "654321")).thenReturn(true);
            when(users.authenticate(any())).thenReturn(new StepVerdict(StepVerdict.Outcome.ACCEPTED, "sms"));
            fixture.given(started(issued(ChallengeName.SMS_MFA, "step-1", List.of(), "code-mac", "+*******0123",
                            null, null, T0)))
                    .when(respond("step-1", ChallengeName.SMS_MFA, Map.of("SMS_MFA_CODE", "654321")))
                    .expectEvents(success(ChallengeName.SMS_MFA, "sms", List.of("pwd", "sms", "mfa"), "secret-1",
                            T0));
            verify(users).authenticate(new AuthenticateSignInStep(SUB, Factor.SMS_MFA, "654321", true, true,
                    CONTEXT));
        }

        @Test
        @Verifies(SignInRules.CodeAccepted.class)
        void codeAcceptedWhenTheCodeIsWrongThenTheWrongAnswerIsCounted() {
            totpVerdict(StepVerdict.Outcome.MISMATCH);
            fixture.given(startedWithTotp())
                    .when(totpAnswer("step-1"))
                    .expectEvents(new ChallengeFailed(SESSION, POOL, SUB, ChallengeName.SOFTWARE_TOKEN_MFA, 1, false,
                            "wrong-code", T0))
                    .expectResultMessagePayloadMatching(recordedRefusal(ErrorCode.CodeMismatch,
                            "Invalid code or auth state for the user."));
        }

        @Test
        @Verifies(SignInRules.CodeAccepted.class)
        void codeAcceptedWhenTheThirdCodeIsWrongThenTheAttemptEnds() {
            totpVerdict(StepVerdict.Outcome.MISMATCH);
            fixture.given(startedWithTotp(),
                            new ChallengeFailed(SESSION, POOL, SUB, ChallengeName.SOFTWARE_TOKEN_MFA, 1, false,
                                    "wrong-code", T0),
                            new ChallengeFailed(SESSION, POOL, SUB, ChallengeName.SOFTWARE_TOKEN_MFA, 2, false,
                                    "wrong-code", T0))
                    .when(totpAnswer("step-1"))
                    .expectEvents(new ChallengeFailed(SESSION, POOL, SUB, ChallengeName.SOFTWARE_TOKEN_MFA, 3, true,
                                    "wrong-code", T0),
                            new SignInFailed(SESSION, POOL, SUB, "too-many-wrong-answers", T0))
                    .expectResultMessagePayloadMatching(recordedRefusal(ErrorCode.CodeMismatch,
                            "Invalid code or auth state for the user."));
        }

        @Test
        @Verifies(SignInRules.CodeAccepted.class)
        void codeAcceptedWhenTheCodeWasUsedAlreadyThenExpiredCode() {
            totpVerdict(StepVerdict.Outcome.REPLAYED);
            fixture.given(startedWithTotp())
                    .when(totpAnswer("step-1"))
                    .expectEvents(new ChallengeFailed(SESSION, POOL, SUB, ChallengeName.SOFTWARE_TOKEN_MFA, 1, false,
                            "code-already-used", T0))
                    .expectResultMessagePayloadMatching(recordedRefusal(ErrorCode.ExpiredCode,
                            "Your software token has already been used once."));
        }

        @Test
        @Verifies(SignInRules.CodeAccepted.class)
        void codeAcceptedWhenTheUserIsLockedOutThenTheAttemptEnds() {
            totpVerdict(StepVerdict.Outcome.LOCKED);
            fixture.given(startedWithTotp())
                    .when(totpAnswer("step-1"))
                    .expectEvents(new SignInFailed(SESSION, POOL, SUB, "locked-out", T0))
                    .expectResultMessagePayloadMatching(recordedRefusal(ErrorCode.PasswordAttemptsExceeded,
                            Lockout.MESSAGE));
        }

        @Test
        void aStreamRecordedBeforeTheFirstChallengeWasInTheStartIsAnsweredAlike() {
            totpVerdict(StepVerdict.Outcome.ACCEPTED);
            fixture.given(started(null), issued(ChallengeName.SOFTWARE_TOKEN_MFA, "step-1", List.of()))
                    .when(totpAnswer("step-1"))
                    .expectEvents(success(ChallengeName.SOFTWARE_TOKEN_MFA, "totp", List.of("pwd", "otp", "mfa"),
                            "secret-1", T0));
        }
    }

    @Nested
    class MfaSetUp {

        private static final SoftwareTokenSecret AUTHENTICATOR = new SoftwareTokenSecret("SECRETCODE",
                "otpauth://totp/x");

        @Test
        void associateInSessionThenTheSetUpStepIsRecordedAndTheSecretAnswered() {
            when(users.associateSoftwareToken(SUB)).thenReturn(AUTHENTICATOR);
            fixture.given(startedWithSetUp(null))
                    .when(new AssociateSoftwareTokenInSession(SESSION, "step-1", POOL))
                    .expectEvents(issued(ChallengeName.MFA_SETUP, "secret-1", List.of("SMS_MFA", "SOFTWARE_TOKEN_MFA"),
                            null, null, Challenge.TOTP_ASSOCIATED, null, T0))
                    .expectResultMessagePayload(SignInOutcome.setUpStep(SESSION + ".secret-1", AUTHENTICATOR));
        }

        @Test
        void verifyInSessionThenTheAuthenticatorIsVerified() {
            when(users.verifySoftwareToken(SUB, "123456", "phone")).thenReturn(CodeVerdict.ACCEPTED);
            fixture.given(startedWithSetUp(Challenge.TOTP_ASSOCIATED))
                    .when(new VerifySoftwareTokenInSession(SESSION, "step-1", POOL, "123456", "phone"))
                    .expectEvents(issued(ChallengeName.MFA_SETUP, "secret-1", List.of("SMS_MFA", "SOFTWARE_TOKEN_MFA"),
                            null, null, Challenge.TOTP_VERIFIED, null, T0))
                    .expectResultMessagePayload(SignInOutcome.setUpStep(SESSION + ".secret-1", null));
        }

        @Test
        void mfaSetUpWhenTheAuthenticatorIsVerifiedThenSucceededAndTheFailuresCleared() {
            fixture.given(startedWithSetUp(Challenge.TOTP_VERIFIED))
                    .when(respond("step-1", ChallengeName.MFA_SETUP, Map.of()))
                    .expectEvents(success(ChallengeName.MFA_SETUP, "totp-set-up", List.of("pwd", "otp", "mfa"),
                            "secret-1", T0));
            verify(users).clearFailures(SUB);
        }

        @Test
        void mfaSetUpWhenSmsIsChosenThenACodeIsSentForTheSetUp() {
            when(users.describe(SUB)).thenReturn(SET_UP_EITHER);
            when(smsCodes.send(POOL, SUB, SESSION, PHONE, IP)).thenReturn("code-mac");
            fixture.given(startedWithSetUp(null))
                    .when(respond("step-1", ChallengeName.MFA_SETUP, Map.of("ANSWER", "SMS_MFA")))
                    .expectEvents(new ChallengeAnswered(SESSION, POOL, SUB, ChallengeName.MFA_SETUP,
                                    "selected-SMS_MFA", T0),
                            issued(ChallengeName.SMS_MFA, "secret-1", List.of(), "code-mac",
                                    Results.CodeDelivery.maskPhone(PHONE), Challenge.SMS_CODE_SENT, "phone-v1", T0));
        }

        @Test
        void smsSetUpWhenTheCodeIsAcceptedThenSmsMfaIsEnabledForThePhoneItWentTo() {
            when(smsCodes.matches("code-mac", SUB, SESSION, "654321")).thenReturn(true);
            when(users.authenticate(any())).thenReturn(new StepVerdict(StepVerdict.Outcome.ACCEPTED, "sms"));
            fixture.given(startedWithSetUp(null), issued(ChallengeName.SMS_MFA, "step-2", List.of(), "code-mac",
                            "+*******0123", Challenge.SMS_CODE_SENT, "phone-v1", T0))
                    .when(respond("step-2", ChallengeName.SMS_MFA, Map.of("SMS_MFA_CODE", "654321")))
                    .expectEvents(success(ChallengeName.SMS_MFA, "sms-set-up", List.of("pwd", "sms", "mfa"),
                            "secret-1", T0));
            verify(users).authenticate(new AuthenticateSignInStep(SUB, Factor.SMS_MFA, "654321", true, false,
                    CONTEXT));
            verify(users).enableSmsMfa(SUB, "phone-v1");
        }

        @Test
        @Verifies(SignInRules.SmsSetUpOffered.class)
        void smsSetUpOfferedWhenMfaSetUpOffersOnlyTotpThenRefused() {
            refused(fixture.given(started(issued(ChallengeName.MFA_SETUP, "step-1", List.of("SOFTWARE_TOKEN_MFA"))))
                            .when(respond("step-1", ChallengeName.MFA_SETUP, Map.of("ANSWER", "SMS_MFA"))),
                    ErrorCode.MfaMethodNotFound, "SMS MFA cannot be set up here: the pool does not offer it, or the "
                            + "user has no phone number.");
        }

        @Test
        @Verifies(SignInRules.SmsStillSetUpable.class)
        void smsStillSetUpableWhenThePhoneWentSinceTheOfferThenRefused() {
            when(users.describe(SUB)).thenReturn(profile(UserStatus.CONFIRMED, Step.SET_UP_FACTOR, Set.of(), null,
                    false, true));
            refused(fixture.given(startedWithSetUp(null))
                            .when(respond("step-1", ChallengeName.MFA_SETUP, Map.of("ANSWER", "SMS_MFA"))),
                    ErrorCode.MfaMethodNotFound, "SMS MFA can no longer be set up for this user; sign in again.");
        }

        @Test
        @Verifies(SignInRules.SetUpAnswerNamesAFactor.class)
        void setUpAnswerNamesAFactorWhenItNamesNoneThenRefused() {
            refused(fixture.given(startedWithSetUp(Challenge.TOTP_VERIFIED))
                            .when(respond("step-1", ChallengeName.MFA_SETUP, Map.of("ANSWER", "EMAIL_OTP"))),
                    ErrorCode.MfaMethodNotFound, "ANSWER must be one of SMS_MFA, SOFTWARE_TOKEN_MFA.");
        }

        @Test
        @Verifies(SignInRules.AuthenticatorVerified.class)
        void authenticatorVerifiedWhenMfaSetUpIsAnsweredBeforeTheAuthenticatorThenRefused() {
            refused(fixture.given(startedWithSetUp(Challenge.TOTP_ASSOCIATED))
                            .when(respond("step-1", ChallengeName.MFA_SETUP, Map.of("ANSWER", "SOFTWARE_TOKEN_MFA"))),
                    ErrorCode.InvalidUserState, "Set up an authenticator first: associate a software token with this "
                            + "session, then verify it; or answer SMS_MFA.");
        }

        @Test
        @Verifies(SignInRules.SettingUpAnAuthenticator.class)
        void settingUpAnAuthenticatorWhenTheSessionIsAtAnotherChallengeThenInvalidSession() {
            refused(fixture.given(startedWithTotp()).when(new AssociateSoftwareTokenInSession(SESSION, "step-1",
                    POOL)), ErrorCode.InvalidSession,
                    "This session is not setting up an authenticator (MFA_SETUP with SOFTWARE_TOKEN_MFA).");
        }

        @Test
        @Verifies(SignInRules.AuthenticatorAssociated.class)
        void authenticatorAssociatedWhenVerifiedBeforeAssociatingThenSoftwareTokenNotFound() {
            refused(fixture.given(startedWithSetUp(null))
                            .when(new VerifySoftwareTokenInSession(SESSION, "step-1", POOL, "123456", null)),
                    ErrorCode.SoftwareTokenNotFound, "Associate a software token with this session first.");
        }

        @Test
        @Verifies(SignInRules.AuthenticatorCodeAccepted.class)
        void authenticatorCodeAcceptedWhenTheCodeIsWrongThenTheWrongAnswerIsCounted() {
            when(users.verifySoftwareToken(SUB, "000000", null)).thenReturn(CodeVerdict.MISMATCH);
            fixture.given(startedWithSetUp(Challenge.TOTP_ASSOCIATED))
                    .when(new VerifySoftwareTokenInSession(SESSION, "step-1", POOL, "000000", null))
                    .expectEvents(new ChallengeFailed(SESSION, POOL, SUB, ChallengeName.MFA_SETUP, 1, false,
                            "wrong-code", T0))
                    .expectResultMessagePayloadMatching(recordedRefusal(ErrorCode.CodeMismatch,
                            "Code mismatch and fail enable Software Token MFA"));
        }

        @Test
        @Verifies(SignInRules.AuthenticatorCodeAccepted.class)
        void theStepsOfOneMfaSetUpShareTheirWrongAnswers() {
            when(users.verifySoftwareToken(SUB, "000000", null)).thenReturn(CodeVerdict.MISMATCH);
            fixture.given(startedWithSetUp(null),
                            new ChallengeFailed(SESSION, POOL, SUB, ChallengeName.MFA_SETUP, 2, false, "wrong-code",
                                    T0),
                            issued(ChallengeName.MFA_SETUP, "step-2", List.of("SMS_MFA", "SOFTWARE_TOKEN_MFA"), null,
                                    null, Challenge.TOTP_ASSOCIATED, null, T0))
                    .when(new VerifySoftwareTokenInSession(SESSION, "step-2", POOL, "000000", null))
                    .expectEvents(new ChallengeFailed(SESSION, POOL, SUB, ChallengeName.MFA_SETUP, 3, true,
                            "wrong-code", T0), new SignInFailed(SESSION, POOL, SUB, "too-many-wrong-answers", T0))
                    .expectResultMessagePayloadMatching(recordedRefusal(ErrorCode.CodeMismatch,
                            "Code mismatch and fail enable Software Token MFA"));
        }

        @Test
        @Verifies(SignInRules.AppClientStillExists.class)
        void appClientStillExistsWhenTheClientWasDeletedThenNotAuthorized() {
            when(clients.client(POOL, CLIENT)).thenReturn(Optional.empty());
            when(users.associateSoftwareToken(SUB)).thenReturn(AUTHENTICATOR);
            refused(fixture.given(startedWithSetUp(null))
                            .when(new AssociateSoftwareTokenInSession(SESSION, "step-1", POOL)),
                    ErrorCode.NotAuthorized, "The app client of this sign-in no longer exists.");
        }
    }

    @Nested
    class TokenFamilies {

        private RefreshTokens refresh(String secret) {
            return new RefreshTokens(SESSION, secret, TERMS);
        }

        @Test
        void refreshWhenTheCurrentTokenIsPresentedThenItIsRotatedAndTokensGranted() {
            clock.set(T0.plusSeconds(3_600));
            fixture.given(startedWithTotp(), succeeded())
                    .when(refresh("refresh-0"))
                    .expectEvents(new RefreshTokenRotated(SESSION, POOL, SUB, 1, hash("secret-1"),
                            T0.plusSeconds(3_600)))
                    .expectResultMessagePayload(SignInOutcome.granted(new TokenRequest(POOL, CLIENT, SUB, "alice",
                            T0, true, List.of("pwd", "otp", "mfa"), SESSION, SESSION, Duration.ofMinutes(60),
                            Duration.ofMinutes(60)), SESSION + ".secret-1"));
        }

        @Test
        @Verifies(SignInRules.RefreshTokenOfClient.class)
        void refreshTokenOfClientWhenPresentedByAnotherClientThenInvalid() {
            refused(fixture.given(startedWithTotp(), succeeded())
                            .when(new RefreshTokens(SESSION, "refresh-0", OTHER_CLIENT)),
                    ErrorCode.NotAuthorized, SignInRules.INVALID_REFRESH);
        }

        @Test
        @Verifies(SignInRules.RefreshTokenOfClient.class)
        void refreshTokenOfClientWhenTheSignInHasNotSucceededThenInvalid() {
            refused(fixture.given(startedWithTotp()).when(refresh("step-1")), ErrorCode.NotAuthorized,
                    SignInRules.INVALID_REFRESH);
        }

        @Test
        @Verifies(SignInRules.FamilyNotRevoked.class)
        void familyNotRevokedWhenRevokedHereThenRefreshTokenRevoked() {
            refused(fixture.given(startedWithTotp(), succeeded(), new TokenFamilyRevoked(SESSION, POOL, SUB,
                    RevocationReason.TOKEN_REVOKED, T0)).when(refresh("refresh-0")),
                    ErrorCode.RefreshTokenRevoked, SignInRules.REVOKED_REFRESH);
        }

        @Test
        @Verifies(SignInRules.FamilyNotRevoked.class)
        void familyNotRevokedWhenTheRegisterSaysRevokedThenRefreshTokenRevoked() {
            when(families.refusal(SESSION)).thenReturn(Optional.of(RevocationReason.SIGNED_OUT));
            refused(fixture.given(startedWithTotp(), succeeded()).when(refresh("refresh-0")),
                    ErrorCode.RefreshTokenRevoked, SignInRules.REVOKED_REFRESH);
        }

        @Test
        @Verifies(SignInRules.RefreshTokenNotExpired.class)
        void refreshTokenNotExpiredWhenPastItsValidityThenRefused() {
            clock.set(T0.plus(REFRESH_VALIDITY));
            refused(fixture.given(startedWithTotp(), succeeded()).when(refresh("refresh-0")),
                    ErrorCode.NotAuthorized, "Refresh Token has expired");
        }

        @Test
        @Verifies(SignInRules.RefreshTokenOfFamily.class)
        void refreshTokenOfFamilyWhenNotOneOfItsTokensThenInvalid() {
            refused(fixture.given(startedWithTotp(), succeeded()).when(refresh("refresh-9")),
                    ErrorCode.NotAuthorized, SignInRules.INVALID_REFRESH);
        }

        @Test
        @Verifies(SignInRules.RefreshTokenNotReused.class)
        void refreshTokenNotReusedWhenARotatedTokenIsPresentedAgainThenTheFamilyIsRevoked() {
            fixture.given(startedWithTotp(), succeeded(),
                            new RefreshTokenRotated(SESSION, POOL, SUB, 1, hash("refresh-1"), T0))
                    .when(refresh("refresh-0"))
                    .expectEvents(new TokenFamilyRevoked(SESSION, POOL, SUB, RevocationReason.REFRESH_TOKEN_REUSED,
                            T0))
                    .expectResultMessagePayloadMatching(recordedRefusal(ErrorCode.RefreshTokenRevoked,
                            SignInRules.REVOKED_REFRESH));
            verify(families).revoke(SESSION, RevocationReason.REFRESH_TOKEN_REUSED, T0);
        }

        @Test
        void revokeWhenARefreshTokenOfTheFamilyIsPresentedThenTheFamilyIsRevoked() {
            fixture.given(startedWithTotp(), succeeded(),
                            new RefreshTokenRotated(SESSION, POOL, SUB, 1, hash("refresh-1"), T0))
                    .when(new RevokeRefreshToken(SESSION, "refresh-0", CLIENT))
                    .expectEvents(new TokenFamilyRevoked(SESSION, POOL, SUB, RevocationReason.TOKEN_REVOKED, T0))
                    .expectResultMessagePayload(true);
            verify(families).revoke(SESSION, RevocationReason.TOKEN_REVOKED, T0);
        }

        @Test
        void revokeWhenRevokedAlreadyThenNothingChanges() {
            fixture.given(startedWithTotp(), succeeded(), new TokenFamilyRevoked(SESSION, POOL, SUB,
                            RevocationReason.SIGNED_OUT, T0))
                    .when(new RevokeRefreshToken(SESSION, "refresh-0", CLIENT))
                    .expectNoEvents()
                    .expectResultMessagePayload(false);
        }

        @Test
        @Verifies(SignInRules.RefreshTokenOfClient.class)
        void revokeWhenPresentedByAnotherClientThenInvalid() {
            refused(fixture.given(startedWithTotp(), succeeded())
                            .when(new RevokeRefreshToken(SESSION, "refresh-0", "otherclient000000000000001")),
                    ErrorCode.NotAuthorized, SignInRules.INVALID_REFRESH);
        }

        @Test
        @Verifies(SignInRules.RefreshTokenOfFamily.class)
        void revokeWhenNotATokenOfTheFamilyThenInvalid() {
            refused(fixture.given(startedWithTotp(), succeeded())
                            .when(new RevokeRefreshToken(SESSION, "refresh-9", CLIENT)),
                    ErrorCode.NotAuthorized, SignInRules.INVALID_REFRESH);
        }
    }

    @Test
    void everyRuleOfSignInRulesIsANamedRecord() {
        assertThat(SignInRules.class.getDeclaredClasses())
                .filteredOn(type -> type.isRecord())
                .allMatch(type -> SignInRules.SignInRule.class.isAssignableFrom(type))
                .hasSizeGreaterThanOrEqualTo(25);
    }
}
