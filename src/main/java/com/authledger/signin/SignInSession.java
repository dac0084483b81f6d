package com.authledger.signin;

import com.authledger.client.read.AppClientQueries;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.EventTime;
import com.authledger.shared.InvalidInput;
import com.authledger.signin.SignInRules.AnswerIsOffered;
import com.authledger.signin.SignInRules.AnswerNamesTheUser;
import com.authledger.signin.SignInRules.AnswerToTheChallenge;
import com.authledger.signin.SignInRules.AppClientStillExists;
import com.authledger.signin.SignInRules.AuthenticatorAssociated;
import com.authledger.signin.SignInRules.AuthenticatorCodeAccepted;
import com.authledger.signin.SignInRules.AuthenticatorVerified;
import com.authledger.signin.SignInRules.CodeAccepted;
import com.authledger.signin.SignInRules.FactorStillUsable;
import com.authledger.signin.SignInRules.FamilyNotRevoked;
import com.authledger.signin.SignInRules.PasswordProven;
import com.authledger.signin.SignInRules.RefreshTokenNotExpired;
import com.authledger.signin.SignInRules.RefreshTokenNotReused;
import com.authledger.signin.SignInRules.RefreshTokenOfClient;
import com.authledger.signin.SignInRules.RefreshTokenOfFamily;
import com.authledger.signin.SignInRules.SessionAnswersCurrentStep;
import com.authledger.signin.SignInRules.SessionNotExpired;
import com.authledger.signin.SignInRules.SessionOfClient;
import com.authledger.signin.SignInRules.SessionOfPool;
import com.authledger.signin.SignInRules.SetUpAnswerNamesAFactor;
import com.authledger.signin.SignInRules.SettingUpAnAuthenticator;
import com.authledger.signin.SignInRules.SmsSetUpOffered;
import com.authledger.signin.SignInRules.SmsStillSetUpable;
import com.authledger.signin.SignInRules.UserMaySignIn;
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
import com.authledger.user.Results;
import com.authledger.user.Results.CodeVerdict;
import com.authledger.user.Results.PasswordVerdict;
import com.authledger.user.Results.SignInProfile;
import com.authledger.user.Results.SoftwareTokenSecret;
import com.authledger.user.Results.StepVerdict;
import com.authledger.user.SignInRequirement.Factor;
import com.authledger.user.api.RevocationReason;
import com.authledger.user.api.SignInContext;
import com.authledger.user.api.UserCommand.AuthenticateSignInStep;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One sign-in attempt, from the verified password to the tokens, and then the token family those tokens belong to.
 * Its three lifecycles are three values of the one aggregate (ADR 19): under USER_SRP_AUTH the attempt begins one
 * step earlier, with the PASSWORD_VERIFIER challenge whose answer proves the password ({@link PasswordVerifierStep},
 * ADR 14); each step waits as a {@link Challenge}; a success opens a {@link TokenFamily}. Every refusal is one of
 * {@link SignInRules}.
 *
 * <p>Each challenge is answered with the session string issued with it, and only with that one: the session is bound
 * to this attempt and this step, a right answer consumes it (the next step has a new one), and it expires after the
 * app client's session validity (3 minutes by default). A wrong answer leaves it usable until the third, which ends
 * the attempt. The user's side of each answer (its lockout, its last accepted TOTP step, its recovery codes) is the
 * User aggregate's, asked through {@link UserSteps} in the same transaction.
 *
 * <p>Once it succeeded, the session is a token family: its refresh token is rotated at every use, and a rotated one
 * presented again revokes the family (someone holds a copy). The session decides what the tokens say
 * ({@link TokenRequest}); {@link SignInService} has them minted once the decision is committed.
 */
@Revision("2")
@Aggregate(cache = "signInSessionCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class SignInSession {

    /** The challenge parameter that names the user as the SRP arithmetic knows it (here, its sub). */
    static final String USER_ID_FOR_SRP = "USER_ID_FOR_SRP";

    @AggregateIdentifier
    private String sessionId;
    private String poolId;
    private String clientId;
    private String sub;
    private String username;
    private String ipAddress;
    private boolean phoneNumberVerified;
    private List<String> amr = new ArrayList<>();

    /** USER_SRP_AUTH until the password is proven; null otherwise. */
    private PasswordVerifierStep verifier;
    /** The step waited for; null before the first and after the success. */
    private Challenge challenge;
    /** Replaced, never changed in place: the rules read it as it is. */
    private List<String> usedStepHashes = List.of();
    private boolean ended;
    private boolean expired;
    /** The token family, once the attempt succeeded. */
    private TokenFamily family;

    public SignInSession() {
        // for Axon
    }

    // ---- the attempt

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    public SignInOutcome handle(StartSignIn command, SessionSecrets secrets, SmsChallengeCodes smsCodes,
                                TokenFamilyRegister families, Clock clock) {
        new UserMaySignIn(command.profile()).verify();
        Steps steps = new Steps(secrets, null, smsCodes, families, EventTime.now(clock));
        return start(command.sessionId(), command.poolId(), command.client(), command.profile(), command.context(),
                steps);
    }

    /**
     * The password is proven: the attempt starts, and the decision table says what comes next. The start is recorded
     * with that first step: in one SignInStarted that carries the first challenge, or followed by SignInSucceeded.
     */
    private SignInOutcome start(String id, String pool, ClientTerms client, SignInProfile profile,
                                SignInContext context, Steps steps) {
        SignInStarted started = new SignInStarted(id, pool, client.clientId(), profile.sub(), profile.username(),
                profile.phoneNumberVerified(), context.ipAddress(), context.userAgent(), context.deviceId(),
                steps.now(), null);
        return next(new Attempt(id, pool, profile.sub(), context.ipAddress(), started), profile, client, steps);
    }

    /**
     * What the steps of one command work with: the ports its handler was given (null for one the command never
     * reaches), and the time it is handled at.
     */
    private record Steps(SessionSecrets secrets, UserSteps users, SmsChallengeCodes smsCodes,
                         TokenFamilyRegister families, Instant now) {
    }

    /**
     * Whose step is being decided: this session's, or, for the first step after the password, that of a start not
     * recorded yet ({@code unrecorded}), which the step records: with its challenge in it, or before its tokens.
     */
    private record Attempt(String sessionId, String poolId, String sub, String ipAddress, SignInStarted unrecorded) {

        /** The start, if still unrecorded, recorded on its own (the step that follows needs the state it sets). */
        void recordStart() {
            if (unrecorded != null) {
                apply(unrecorded);
            }
        }

        /** The challenge, recorded as an event of its own, or as the first challenge of the unrecorded start. */
        void record(ChallengeIssued issued) {
            apply(unrecorded == null ? issued : unrecorded.withFirstChallenge(issued));
        }
    }

    /** The attempt as the session's events left it, for a step after the first. */
    private Attempt attempt() {
        return new Attempt(sessionId, poolId, sub, ipAddress, null);
    }

    // ---- USER_SRP_AUTH

    /**
     * The answer to a PASSWORD_VERIFIER ticket whose name matched a user (a name that matched none is refused without
     * a session, and records nothing): the session begins here, with the challenge its ticket carried, and the answer
     * is decided as any PASSWORD_VERIFIER answer is. The ticket answers once: the service spent it, and a session
     * already recorded under its id refuses this command's first event.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    public SignInOutcome handle(AnswerPasswordVerifier command, UserSteps users, PasswordClaims claims,
                                SmsChallengeCodes smsCodes, SessionSecrets secrets, TokenFamilyRegister families,
                                Clock clock) {
        Steps steps = new Steps(secrets, users, smsCodes, families, EventTime.now(clock));
        apply(command.issued());
        return answerPasswordVerifier(command.responses(), command.client(), command.context(), claims, steps);
    }

    /**
     * The answer to PASSWORD_VERIFIER. A stale TIMESTAMP is refused without a verdict (the session stays usable); a
     * signature that does not match is a wrong password (the user's lockout counts it, or the name's when no user has
     * it) and ends the session; a matching one starts the attempt as a right password does.
     */
    private SignInOutcome answerPasswordVerifier(Map<String, String> responses, ClientTerms client,
                                                 SignInContext respondContext, PasswordClaims claims, Steps steps) {
        PasswordClaims.Claim claim = PasswordClaims.Claim.of(responses, steps.now());
        SignInContext context = initiationContext(respondContext);
        PasswordVerdict verdict = claims.verify(sessionId, poolId, sub, verifier, claim, context, steps.now());
        PasswordProven proven = new PasswordProven(verdict.outcome());
        if (proven.refusal() != null) {
            // a wrong password (or a locked-out name) ends the session, as the password flow answers
            apply(new SignInFailed(sessionId, poolId, sub, proven.reason(), steps.now()));
            return SignInOutcome.refused(proven.refusal());
        }
        AuthledgerException unusable = new UserMaySignIn(verdict.profile()).refusal();
        if (unusable != null) {
            apply(new SignInFailed(sessionId, poolId, sub, "user-not-usable", steps.now()));
            return SignInOutcome.refused(unusable);
        }
        return start(sessionId, poolId, client, verdict.profile(), context, steps);
    }

    /** Where the sign-in came from: as the initiation said, unless the answer says otherwise. */
    private SignInContext initiationContext(SignInContext answered) {
        if (answered != null && answered.ipAddress() != null) {
            return answered;
        }
        return new SignInContext(ipAddress, verifier.userAgent(), verifier.deviceId());
    }

    // ---- the challenges

    /** The next step, as the decision table ({@link NextStep}) says after the steps answered so far. */
    private SignInOutcome next(Attempt attempt, SignInProfile profile, ClientTerms client, Steps steps) {
        NextStep next = NextStep.of(profile);
        if (next instanceof NextStep.Code code) {
            return challengeWith(attempt, code.factor(), profile, client, steps, null);
        }
        if (next instanceof NextStep.Offer offer) {
            return issue(attempt, offer.name(), offer.choices(), null, null, null, null, client, steps,
                    offer.parameters());
        }
        // the user's command that answered the profile completed the sign-in on its side
        attempt.recordStart();
        return succeed(client, steps, true, null);
    }

    /** SMS_MFA (a code sent to the verified phone number) or SOFTWARE_TOKEN_MFA. */
    private SignInOutcome challengeWith(Attempt attempt, Factor factor, SignInProfile profile, ClientTerms client,
                                        Steps steps, String setUpState) {
        if (factor == Factor.SOFTWARE_TOKEN_MFA) {
            return issue(attempt, ChallengeName.SOFTWARE_TOKEN_MFA, List.of(), null, null, null, null, client, steps,
                    Map.of());
        }
        String mac = steps.smsCodes().send(attempt.poolId(), attempt.sub(), attempt.sessionId(),
                profile.phoneNumber(), attempt.ipAddress());
        String masked = Results.CodeDelivery.maskPhone(profile.phoneNumber());
        return issue(attempt, ChallengeName.SMS_MFA, List.of(), mac, masked, setUpState,
                setUpState == null ? null : profile.phoneVersion(), client, steps,
                Map.of("CODE_DELIVERY_DELIVERY_MEDIUM", "SMS", "CODE_DELIVERY_DESTINATION", masked));
    }

    private SignInOutcome issue(Attempt attempt, ChallengeName name, List<String> choices, String mac,
                                String destination, String setUpState, String phoneFingerprint, ClientTerms client,
                                Steps steps, Map<String, String> parameters) {
        String secret = steps.secrets().newSecret();
        attempt.record(new ChallengeIssued(attempt.sessionId(), attempt.poolId(), attempt.sub(), name,
                SessionSecrets.hash(secret), choices, mac, destination, setUpState, phoneFingerprint,
                steps.now().plus(client.sessionValidity()), steps.now()));
        Map<String, String> withUser = new LinkedHashMap<>(parameters);
        withUser.put(USER_ID_FOR_SRP, attempt.sub());
        return SignInOutcome.challenge(name, withUser, SessionSecrets.join(attempt.sessionId(), secret));
    }

    @CommandHandler
    public SignInOutcome handle(RespondToChallenge command, UserSteps users, PasswordClaims claims,
                                SmsChallengeCodes smsCodes, SessionSecrets secrets, TokenFamilyRegister families,
                                Clock clock) {
        Steps steps = new Steps(secrets, users, smsCodes, families, EventTime.now(clock));
        new SessionOfClient(clientId, command.client().clientId()).verify();
        SignInOutcome unusable = guard(command.secret(), steps.now());
        if (unusable != null) {
            return unusable;
        }
        Map<String, String> responses = command.responses();
        new AnswerNamesTheUser(responses.get("USERNAME"), challenge.name() == ChallengeName.PASSWORD_VERIFIER
                ? named -> claims.names(named, poolId, sub, verifier)
                : named -> named.equals(sub) || named.equalsIgnoreCase(username)).verify();
        new AnswerToTheChallenge(challenge.name(), command.challenge()).verify();
        ClientTerms client = command.client();
        return switch (challenge.name()) {
            case PASSWORD_VERIFIER -> answerPasswordVerifier(responses, client, command.context(), claims, steps);
            case NEW_PASSWORD_REQUIRED -> {
                String password = required(responses, "NEW_PASSWORD");
                SignInProfile profile = users.completeNewPassword(sub, password);
                apply(new ChallengeAnswered(sessionId, poolId, sub, challenge.name(), "new-password", steps.now()));
                yield next(attempt(), profile, client, steps);
            }
            case SELECT_MFA_TYPE -> {
                String answer = required(responses, "ANSWER");
                new AnswerIsOffered(challenge.options(), answer).verify();
                SignInProfile profile = users.describe(sub);
                Factor factor = Factor.valueOf(answer);
                new FactorStillUsable(profile, factor).verify();
                apply(new ChallengeAnswered(sessionId, poolId, sub, challenge.name(), "selected-" + answer,
                        steps.now()));
                yield challengeWith(attempt(), factor, profile, client, steps, null);
            }
            case SOFTWARE_TOKEN_MFA -> answerCode(Factor.SOFTWARE_TOKEN_MFA,
                    required(responses, "SOFTWARE_TOKEN_MFA_CODE"), command.context(), client, steps);
            case SMS_MFA -> answerCode(Factor.SMS_MFA, required(responses, "SMS_MFA_CODE"), command.context(),
                    client, steps);
            case MFA_SETUP -> answerSetUp(responses.get("ANSWER"), client, steps);
        };
    }

    private SignInOutcome answerCode(Factor factor, String code, SignInContext context, ClientTerms client,
                                     Steps steps) {
        boolean smsMatched = factor == Factor.SMS_MFA
                && steps.smsCodes().matches(challenge.codeMac(), sub, sessionId, code);
        boolean setsUpSms = challenge.setsUpSms();
        StepVerdict verdict = steps.users().authenticate(
                new AuthenticateSignInStep(sub, factor, code, smsMatched, !setsUpSms, context));
        CodeAccepted accepted = new CodeAccepted(verdict.outcome());
        if (accepted.refusal() == null) {
            if (setsUpSms) {
                steps.users().enableSmsMfa(sub, challenge.phoneVersion());
            }
            return succeed(client, steps, true, setsUpSms ? "sms-set-up" : verdict.method());
        }
        if (verdict.outcome() == StepVerdict.Outcome.LOCKED) {
            apply(new SignInFailed(sessionId, poolId, sub, "locked-out", steps.now()));
        } else {
            wrongAnswer(accepted.reason(), steps.now());
        }
        return SignInOutcome.refused(accepted.refusal());
    }

    /** MFA_SETUP: ANSWER=SMS_MFA sends a code to the user's phone number; otherwise a verified authenticator ends it. */
    private SignInOutcome answerSetUp(String answer, ClientTerms client, Steps steps) {
        if (Factor.SMS_MFA.name().equals(answer)) {
            new SmsSetUpOffered(challenge.options()).verify();
            SignInProfile profile = steps.users().describe(sub);
            new SmsStillSetUpable(profile).verify();
            apply(new ChallengeAnswered(sessionId, poolId, sub, challenge.name(), "selected-SMS_MFA", steps.now()));
            return challengeWith(attempt(), Factor.SMS_MFA, profile, client, steps, Challenge.SMS_CODE_SENT);
        }
        new SetUpAnswerNamesAFactor(challenge.options(), answer).verify();
        new AuthenticatorVerified(challenge.setUp()).verify();
        return succeed(client, steps, false, "totp-set-up");
    }

    @CommandHandler
    public SignInOutcome handle(AssociateSoftwareTokenInSession command, UserSteps users, AppClientQueries clients,
                                SessionSecrets secrets, Clock clock) {
        Steps steps = new Steps(secrets, users, null, null, EventTime.now(clock));
        SignInOutcome unusable = guardTotpSetUp(command.poolId(), command.secret(), steps.now());
        if (unusable != null) {
            return unusable;
        }
        SoftwareTokenSecret secret = users.associateSoftwareToken(sub);
        SignInOutcome next = issue(attempt(), ChallengeName.MFA_SETUP, challenge.options(), null, null,
                Challenge.TOTP_ASSOCIATED, null, terms(clients), steps, Map.of());
        return SignInOutcome.setUpStep(next.session(), secret);
    }

    @CommandHandler
    public SignInOutcome handle(VerifySoftwareTokenInSession command, UserSteps users, AppClientQueries clients,
                                SessionSecrets secrets, Clock clock) {
        Steps steps = new Steps(secrets, users, null, null, EventTime.now(clock));
        SignInOutcome unusable = guardTotpSetUp(command.poolId(), command.secret(), steps.now());
        if (unusable != null) {
            return unusable;
        }
        new AuthenticatorAssociated(challenge.setUp()).verify();
        CodeVerdict verdict = users.verifySoftwareToken(sub, command.code(), command.friendlyDeviceName());
        AuthenticatorCodeAccepted accepted = new AuthenticatorCodeAccepted(verdict);
        if (accepted.refusal() != null) {
            wrongAnswer("wrong-code", steps.now());
            return SignInOutcome.refused(accepted.refusal());
        }
        SignInOutcome next = issue(attempt(), ChallengeName.MFA_SETUP, challenge.options(), null, null,
                Challenge.TOTP_VERIFIED, null, terms(clients), steps, Map.of());
        return SignInOutcome.setUpStep(next.session(), null);
    }

    /** The current settings of the sign-in's app client; a deleted client ends its sign-ins. */
    private ClientTerms terms(AppClientQueries clients) {
        var client = clients.client(poolId, clientId);
        new AppClientStillExists(client).verify();
        return ClientTerms.of(client.get());
    }

    /** A wrong answer is counted; the third ends the attempt. */
    private void wrongAnswer(String reason, Instant now) {
        int wrong = challenge.nextWrongAnswer();
        boolean last = wrong >= Challenge.MAX_WRONG_ANSWERS;
        apply(new ChallengeFailed(sessionId, poolId, sub, challenge.name(), wrong, last, reason, now));
        if (last) {
            apply(new SignInFailed(sessionId, poolId, sub, "too-many-wrong-answers", now));
        }
    }

    /** {@link #guard}, for the enrolment endpoints: of this pool, and at an MFA_SETUP that offers TOTP. */
    private SignInOutcome guardTotpSetUp(String presentedPoolId, String secret, Instant now) {
        new SessionOfPool(poolId, presentedPoolId).verify();
        SignInOutcome unusable = guard(secret, now);
        if (unusable == null) {
            new SettingUpAnAuthenticator(challenge).verify();
        }
        return unusable;
    }

    /**
     * Null when the secret answers the current step of a live attempt; otherwise the refusal. An expiry is recorded
     * the first time it is met (returned, so the record commits); other refusals are thrown (they change nothing).
     */
    private SignInOutcome guard(String secret, Instant now) {
        new SessionAnswersCurrentStep(challenge, ended, expired, family != null, usedStepHashes, secret).verify();
        AuthledgerException expiry = new SessionNotExpired(challenge.expiresAt(), now).refusal();
        if (expiry != null) {
            apply(new SessionExpired(sessionId, poolId, sub, now));
            return SignInOutcome.refused(expiry);
        }
        return null;
    }

    /**
     * Tokens, and a token family for their refresh tokens. {@code method} is how the last challenge was answered
     * (null when the password sufficed). The user's failed-step count starts again: the user's command that accepted
     * the last step did it ({@code userCompleted}), or it is asked to now.
     */
    private SignInOutcome succeed(ClientTerms client, Steps steps, boolean userCompleted, String method) {
        if (!userCompleted) {
            steps.users().clearFailures(sub);
        }
        String refreshSecret = steps.secrets().newSecret();
        Instant refreshExpiry = steps.now().plus(client.refreshTokenValidity());
        List<String> used = new ArrayList<>(amr);
        used.addAll(factorsOf(method));
        apply(new SignInSucceeded(sessionId, poolId, sub, clientId, method == null ? null : challenge.name(), method,
                List.copyOf(used), SessionSecrets.hash(refreshSecret), refreshExpiry, steps.now()));
        steps.families().open(sessionId, poolId, sub, clientId, steps.now(), refreshExpiry);
        return SignInOutcome.granted(tokenRequest(client), SessionSecrets.join(sessionId, refreshSecret));
    }

    /** What the family's ID and access tokens say. */
    private TokenRequest tokenRequest(ClientTerms client) {
        return new TokenRequest(poolId, clientId, sub, username, family.authTime(), phoneNumberVerified, amr,
                sessionId, sessionId, client.accessTokenValidity(), client.idTokenValidity());
    }

    // ---- the token family

    @CommandHandler
    public SignInOutcome handle(RefreshTokens command, TokenFamilyRegister families, SessionSecrets secrets,
                                Clock clock) {
        Instant now = EventTime.now(clock);
        new RefreshTokenOfClient(family, clientId, command.client().clientId()).verify();
        new FamilyNotRevoked(sessionId, family, families).verify();
        new RefreshTokenNotExpired(family, now).verify();
        new RefreshTokenOfFamily(family, command.secret()).verify();
        AuthledgerException reused = new RefreshTokenNotReused(family, command.secret()).refusal();
        if (reused != null) {
            apply(new TokenFamilyRevoked(sessionId, poolId, sub, RevocationReason.REFRESH_TOKEN_REUSED, now));
            families.revoke(sessionId, RevocationReason.REFRESH_TOKEN_REUSED, now);
            return SignInOutcome.refused(reused);
        }
        String next = secrets.newSecret();
        apply(new RefreshTokenRotated(sessionId, poolId, sub, family.generation() + 1, SessionSecrets.hash(next),
                now));
        return SignInOutcome.granted(tokenRequest(command.client()), SessionSecrets.join(sessionId, next));
    }

    /**
     * RevokeToken: a refresh token of this family (its current one or one it rotated away from) presented with the
     * client it was issued to revokes the family; a token of another client, or not of this family, is refused as
     * an invalid refresh token, and a family revoked already stays as it is.
     */
    @CommandHandler
    public boolean handle(RevokeRefreshToken command, TokenFamilyRegister families, Clock clock) {
        new RefreshTokenOfClient(family, clientId, command.clientId()).verify();
        new RefreshTokenOfFamily(family, command.secret()).verify();
        if (new FamilyNotRevoked(sessionId, family, families).revoked()) {
            return false;
        }
        Instant now = EventTime.now(clock);
        apply(new TokenFamilyRevoked(sessionId, poolId, sub, RevocationReason.TOKEN_REVOKED, now));
        families.revoke(sessionId, RevocationReason.TOKEN_REVOKED, now);
        return true;
    }

    // ---- helpers

    private static String required(Map<String, String> responses, String name) {
        String value = responses.get(name);
        InvalidInput.require(name, value);
        return value;
    }

    /** The amr values of an answer: the factor and "mfa" for a second factor, nothing for other answers. */
    private static List<String> factorsOf(String method) {
        String factor = method == null ? null : switch (method) {
            case "totp", "totp-set-up" -> "otp";
            case "sms", "sms-set-up" -> "sms";
            case "recovery-code" -> "recovery-code";
            default -> null;
        };
        return factor == null ? List.of() : List.of(factor, "mfa");
    }

    // ---- state

    @EventSourcingHandler
    void on(PasswordVerifierIssued event) {
        sessionId = event.sessionId();
        poolId = event.poolId();
        clientId = event.clientId();
        sub = event.sub();
        ipAddress = event.ipAddress();
        verifier = PasswordVerifierStep.of(event);
        challenge = Challenge.of(event);
    }

    @EventSourcingHandler
    void on(SignInStarted event) {
        sessionId = event.sessionId();
        poolId = event.poolId();
        clientId = event.clientId();
        sub = event.sub();
        username = event.username();
        ipAddress = event.ipAddress();
        phoneNumberVerified = event.phoneNumberVerified();
        amr = new ArrayList<>(List.of("pwd"));
        // the password is proven: what USER_SRP_AUTH needed for it is no longer needed
        verifier = null;
        if (event.firstChallenge() != null) {
            issued(event.firstChallenge());
        }
    }

    @EventSourcingHandler
    void on(ChallengeIssued event) {
        issued(event);
    }

    /** The step's session is spent by the next one. */
    private void issued(ChallengeIssued event) {
        spendStep();
        challenge = Challenge.issued(challenge, event);
    }

    private void spendStep() {
        if (challenge != null && challenge.stepHash() != null) {
            List<String> spent = new ArrayList<>(usedStepHashes);
            spent.add(challenge.stepHash());
            usedStepHashes = List.copyOf(spent);
        }
    }

    @EventSourcingHandler
    void on(ChallengeFailed event) {
        challenge = challenge.withWrongAnswers(event.wrongAnswers());
        if (event.consumed()) {
            ended = true;
        }
    }

    /** A factor joins the amr. */
    @EventSourcingHandler
    void on(ChallengeAnswered event) {
        amr.addAll(factorsOf(event.method()));
    }

    @EventSourcingHandler
    void on(SignInFailed event) {
        ended = true;
    }

    @EventSourcingHandler
    void on(SessionExpired event) {
        ended = true;
        expired = true;
    }

    @EventSourcingHandler
    void on(SignInSucceeded event) {
        spendStep();
        challenge = null;
        amr = new ArrayList<>(event.amr());
        if ("sms-set-up".equals(event.method())) {
            phoneNumberVerified = true;
        }
        family = TokenFamily.opened(event.occurredAt(), event.refreshExpiresAt(), event.refreshTokenHash());
    }

    @EventSourcingHandler
    void on(RefreshTokenRotated event) {
        family = family.rotated(event.generation(), event.refreshTokenHash());
    }

    @EventSourcingHandler
    void on(TokenFamilyRevoked event) {
        family = family.revokedNow();
    }
}
