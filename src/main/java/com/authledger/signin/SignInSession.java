package com.authledger.signin;

import com.authledger.pool.PoolContext;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.EventTime;
import com.authledger.shared.InvalidInput;
import com.authledger.signin.api.ChallengeName;
import com.authledger.signin.api.ClientTerms;
import com.authledger.signin.api.SignInCommand.AssociateSoftwareTokenInSession;
import com.authledger.signin.api.SignInCommand.RefreshTokens;
import com.authledger.signin.api.SignInCommand.RespondToChallenge;
import com.authledger.signin.api.SignInCommand.RevokeRefreshToken;
import com.authledger.signin.api.SignInCommand.StartPasswordVerifier;
import com.authledger.signin.api.SignInCommand.StartSignIn;
import com.authledger.signin.api.SignInCommand.VerifySoftwareTokenInSession;
import com.authledger.user.api.SignInContext;
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
import com.authledger.token.IssuedTokens;
import com.authledger.token.TokenRequest;
import com.authledger.user.Lockout;
import com.authledger.user.Results;
import com.authledger.user.Results.CodeVerdict;
import com.authledger.user.Results.PasswordVerdict;
import com.authledger.user.Results.SignInProfile;
import com.authledger.user.Results.SoftwareTokenSecret;
import com.authledger.user.Results.StepVerdict;
import com.authledger.user.SignInRequirement.Factor;
import com.authledger.user.api.RevocationReason;
import com.authledger.user.api.UserCommand.AuthenticateSignInStep;
import com.authledger.user.api.UserStatus;
import com.authledger.user.api.Username;
import com.authledger.user.password.Srp6a;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One sign-in attempt, from the verified password to the tokens, and then the token family those tokens belong to.
 * Under USER_SRP_AUTH the attempt begins one step earlier, with the PASSWORD_VERIFIER challenge whose answer proves
 * the password (ADR 14); from the proof on it is the same attempt.
 *
 * <p>Each challenge is answered with the session string issued with it, and only with that one: the session is bound
 * to this attempt and this step, a right answer consumes it (the next step has a new one), and it expires after the
 * app client's session validity (3 minutes by default). A wrong answer leaves it usable until the third, which ends
 * the attempt. The user's side of each answer (its lockout, its last accepted TOTP step, its recovery codes) is the
 * User aggregate's, asked through {@link UserSteps} in the same transaction.
 *
 * <p>Once it succeeded, the session is a token family: its refresh token is rotated at every use, and a rotated one
 * presented again revokes the family (someone holds a copy).
 */
@Revision("1")
@Aggregate(cache = "signInSessionCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class SignInSession {

    static final int MAX_WRONG_ANSWERS = 3;
    static final String USED_ONCE = "Invalid session for the user, session can only be used once.";
    static final String EXPIRED = "Invalid session for the user, session is expired.";
    static final String INVALID = "Invalid session for the user.";
    static final String INVALID_REFRESH = "Invalid Refresh Token";
    static final String REVOKED_REFRESH = "Refresh Token has been revoked";
    /** The challenge parameter that names the user as the SRP arithmetic knows it (here, its sub). */
    static final String USER_ID_FOR_SRP = "USER_ID_FOR_SRP";

    /** How far an MFA_SETUP went. */
    static final String TOTP_ASSOCIATED = "TOTP_ASSOCIATED";
    static final String TOTP_VERIFIED = "TOTP_VERIFIED";
    static final String SMS_CODE_SENT = "SMS_CODE_SENT";

    @AggregateIdentifier
    private String sessionId;
    private String poolId;
    private String clientId;
    private String sub;
    private String username;
    private String ipAddress;
    private boolean phoneNumberVerified;
    private List<String> amr = new ArrayList<>();

    private ChallengeName challenge;
    private String stepHash;
    private Set<String> usedStepHashes = new HashSet<>();
    private Instant expiresAt;
    private int wrongAnswers;
    private List<String> options = List.of();
    private String codeMac;
    private String setUp;
    private String phoneVersion;
    private boolean ended;
    private boolean expired;

    // USER_SRP_AUTH, until the password is proven: the client's A, the key b is derived under, the name's MAC
    private String clientPublic;
    private String keyId;
    private String nameMac;
    private String userAgent;
    private String deviceId;

    private Instant authTime;
    private Instant refreshExpiresAt;
    private int generation;
    private List<String> refreshTokenHashes = new ArrayList<>();
    private boolean revoked;

    public SignInSession() {
        // for Axon
    }

    // ---- the attempt

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    public SignInOutcome handle(StartSignIn command, SignInCollaborators with) {
        refuseUnusable(command.profile());
        Instant now = EventTime.now(with.clock());
        return start(command.sessionId(), command.poolId(), command.client(), command.profile(), command.context(),
                with, now);
    }

    /** A user who may not sign in even with the right password: not confirmed, or bound to reset it. */
    private static AuthledgerException unusable(SignInProfile profile) {
        if (profile.status() == UserStatus.UNCONFIRMED) {
            return new AuthledgerException(ErrorCode.UserNotConfirmed, "User is not confirmed.");
        }
        if (profile.status() == UserStatus.RESET_REQUIRED) {
            return new AuthledgerException(ErrorCode.PasswordResetRequired, "Password reset required for the user");
        }
        return null;
    }

    private static void refuseUnusable(SignInProfile profile) {
        AuthledgerException refusal = unusable(profile);
        if (refusal != null) {
            throw refusal;
        }
    }

    /**
     * The password is proven: the attempt starts, and the decision table says what comes next. The start is recorded
     * with that first step: in one SignInStarted that carries the first challenge, or followed by SignInSucceeded.
     */
    private SignInOutcome start(String id, String pool, ClientTerms client, SignInProfile profile,
                                SignInContext context, SignInCollaborators with, Instant now) {
        SignInStarted started = new SignInStarted(id, pool, client.clientId(), profile.sub(), profile.username(),
                profile.phoneNumberVerified(), context.ipAddress(), context.userAgent(), context.deviceId(), now, null);
        return next(new Attempt(id, pool, profile.sub(), context.ipAddress(), started), profile, client, with, now);
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
     * PASSWORD_VERIFIER: SALT and SRP_B for the user's stored verifier, or, for a name that matches no user, for one
     * derived from the name (the same shape and the same work). b is derived from the session id, never stored.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    public SignInOutcome handle(StartPasswordVerifier command, SignInCollaborators with) {
        Instant now = EventTime.now(with.clock());
        PasswordVerifiers verifiers = with.passwordVerifiers();
        String key = verifiers.currentKeyId();
        BigInteger b = verifiers.ephemeral(key, command.sessionId());
        Srp6a.Verifier stored = command.sub() == null ? null : with.users().passwordVerifier(command.sub());
        String userIdForSrp;
        String saltHex;
        BigInteger verifier;
        if (stored != null) {
            userIdForSrp = command.sub();
            saltHex = stored.saltHex();
            verifier = new BigInteger(stored.verifierHex(), 16);
        } else {
            // no user by that name (or one without a password): what a user would be answered with, matching nothing
            PasswordVerifiers.UnknownName unknown = verifiers.unknownName(key, command.poolId(), command.nameMac());
            userIdForSrp = command.sub() == null ? unknown.userIdForSrp() : command.sub();
            saltHex = unknown.saltHex();
            verifier = unknown.verifier();
        }
        BigInteger serverPublic = Srp6a.serverPublic(verifier, b);
        String secret = with.secrets().newSecret();
        SignInContext context = command.context();
        apply(new PasswordVerifierIssued(command.sessionId(), command.poolId(), command.client().clientId(),
                command.sub(), command.nameMac(), SessionSecrets.hash(secret), command.clientPublic(), key,
                context.ipAddress(), context.userAgent(), context.deviceId(),
                now.plus(command.client().sessionValidity()), now));
        String session = SessionSecrets.join(sessionId, secret);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("SALT", saltHex);
        parameters.put("SRP_B", Srp6a.padHex(serverPublic));
        parameters.put("SECRET_BLOCK", PasswordVerifiers.secretBlock(session));
        parameters.put(USER_ID_FOR_SRP, userIdForSrp);
        return SignInOutcome.challenge(ChallengeName.PASSWORD_VERIFIER, parameters, session);
    }

    /**
     * The answer to PASSWORD_VERIFIER. A stale TIMESTAMP is refused without a verdict (the session stays usable); a
     * signature that does not match is a wrong password (the user's lockout counts it, or the name's when no user has
     * it) and ends the session; a matching one starts the attempt as a right password does.
     */
    private SignInOutcome answerPasswordVerifier(Map<String, String> responses, ClientTerms client,
                                                 SignInContext respondContext, SignInCollaborators with,
                                                 Instant now) {
        byte[] block = PasswordVerifiers.secretBlockBytes(responses.get("PASSWORD_CLAIM_SECRET_BLOCK"));
        byte[] signature = PasswordVerifiers.signature(responses.get("PASSWORD_CLAIM_SIGNATURE"));
        String timestamp = responses.get("TIMESTAMP");
        if (!PasswordVerifiers.isCurrent(PasswordVerifiers.timestamp(timestamp), now)) {
            throw new AuthledgerException(ErrorCode.NotAuthorized, "The TIMESTAMP of the password claim is too far "
                    + "from the server's time; answer again with the current time.");
        }
        PoolContext pool = with.pool(poolId);
        BigInteger b = with.passwordVerifiers().ephemeral(keyId, sessionId);
        SignInContext context = initiationContext(respondContext);
        if (sub == null) {
            PasswordVerifiers.UnknownName unknown = with.passwordVerifiers().unknownName(keyId, poolId, nameMac);
            Srp6a.PasswordClaim claim = new Srp6a.PasswordClaim(new BigInteger(clientPublic, 16), b,
                    pool.srpPoolName(), unknown.userIdForSrp(), block, timestamp, signature);
            Instant locked = with.unknownNames().attemptUnder(poolId, nameMac, now,
                    () -> Srp6a.claimMatches(claim, unknown.verifier()));
            return passwordRefused(locked != null, now);
        }
        Srp6a.PasswordClaim claim = new Srp6a.PasswordClaim(new BigInteger(clientPublic, 16), b, pool.srpPoolName(),
                sub, block, timestamp, signature);
        PasswordVerdict verdict = with.users().verifyPasswordClaim(sub, claim, context);
        if (verdict.outcome() != PasswordVerdict.Outcome.ACCEPTED) {
            return passwordRefused(verdict.outcome() == PasswordVerdict.Outcome.LOCKED, now);
        }
        AuthledgerException refusal = unusable(verdict.profile());
        if (refusal != null) {
            apply(new SignInFailed(sessionId, poolId, sub, "user-not-usable", now));
            return SignInOutcome.refused(refusal);
        }
        return start(sessionId, poolId, client, verdict.profile(), context, with, now);
    }

    /** A wrong password (or a locked-out name) ends the PASSWORD_VERIFIER session, as the password flow answers. */
    private SignInOutcome passwordRefused(boolean locked, Instant now) {
        apply(new SignInFailed(sessionId, poolId, sub, locked ? "locked-out" : "wrong-password", now));
        return SignInOutcome.refused(locked
                ? new AuthledgerException(ErrorCode.PasswordAttemptsExceeded, Lockout.MESSAGE)
                : SignInService.notAuthorized());
    }

    /** Where the sign-in came from: as the initiation said, unless the answer says otherwise. */
    private SignInContext initiationContext(SignInContext answered) {
        if (answered != null && answered.ipAddress() != null) {
            return answered;
        }
        return new SignInContext(ipAddress, userAgent, deviceId);
    }

    /** Whether USERNAME names this PASSWORD_VERIFIER's user: its USER_ID_FOR_SRP, or the name it was started with. */
    private boolean namesVerifierUser(String named, SignInCollaborators with) {
        String userIdForSrp = sub != null ? sub
                : with.passwordVerifiers().unknownName(keyId, poolId, nameMac).userIdForSrp();
        return named.equals(userIdForSrp)
                || nameMac.equals(with.unknownNames().nameMac(poolId, Username.key(named)));
    }

    /** The decision table: what the user's profile asks for after the steps answered so far. */
    private SignInOutcome next(Attempt attempt, SignInProfile profile, ClientTerms client, SignInCollaborators with,
                               Instant now) {
        if (profile.status() == UserStatus.FORCE_CHANGE_PASSWORD) {
            return issue(attempt, ChallengeName.NEW_PASSWORD_REQUIRED, List.of(), null, null, null, null, client, with,
                    now, Map.of("userAttributes", "{}", "requiredAttributes", "[]"));
        }
        return switch (profile.requirement().step()) {
            // the user's command that answered the profile completed the sign-in on its side
            case PASSWORD_ONLY -> {
                attempt.recordStart();
                yield succeed(client, with, now, true, null);
            }
            case CHALLENGE -> {
                Set<Factor> usable = profile.requirement().usable();
                if (usable.size() == 1) {
                    yield challengeWith(attempt, usable.iterator().next(), profile, client, with, now, null);
                }
                if (profile.preferred() != null) {
                    yield challengeWith(attempt, profile.preferred(), profile, client, with, now, null);
                }
                List<String> choices = usable.stream().map(Enum::name).sorted().toList();
                yield issue(attempt, ChallengeName.SELECT_MFA_TYPE, choices, null, null, null, null, client, with, now,
                        Map.of("MFAS_CAN_CHOOSE", jsonArray(choices)));
            }
            case SET_UP_FACTOR -> {
                List<String> choices = new ArrayList<>();
                if (profile.canSetUpSms()) {
                    choices.add(Factor.SMS_MFA.name());
                }
                if (profile.canSetUpTotp()) {
                    choices.add(Factor.SOFTWARE_TOKEN_MFA.name());
                }
                if (choices.isEmpty()) {
                    // a REQUIRED pool that offers only SMS, and a user without a phone number
                    throw new AuthledgerException(ErrorCode.PhoneNumberMissing, "The pool requires SMS MFA and the "
                            + "user has no phone number: add one, then sign in again.");
                }
                yield issue(attempt, ChallengeName.MFA_SETUP, choices, null, null, null, null, client, with, now,
                        Map.of("MFAS_CAN_SETUP", jsonArray(choices)));
            }
        };
    }

    /** SMS_MFA (a code sent to the verified phone number) or SOFTWARE_TOKEN_MFA. */
    private SignInOutcome challengeWith(Attempt attempt, Factor factor, SignInProfile profile, ClientTerms client,
                                        SignInCollaborators with, Instant now, String setUpState) {
        if (factor == Factor.SOFTWARE_TOKEN_MFA) {
            return issue(attempt, ChallengeName.SOFTWARE_TOKEN_MFA, List.of(), null, null, null, null, client, with,
                    now, Map.of());
        }
        String mac = with.smsCodes().send(with.pool(attempt.poolId()), attempt.sub(), attempt.sessionId(),
                profile.phoneNumber(), attempt.ipAddress(), now);
        String masked = Results.CodeDelivery.maskPhone(profile.phoneNumber());
        return issue(attempt, ChallengeName.SMS_MFA, List.of(), mac, masked, setUpState,
                setUpState == null ? null : profile.phoneVersion(), client, with, now,
                Map.of("CODE_DELIVERY_DELIVERY_MEDIUM", "SMS", "CODE_DELIVERY_DESTINATION", masked));
    }

    private SignInOutcome issue(Attempt attempt, ChallengeName name, List<String> choices, String mac,
                                String destination, String setUpState, String phoneFingerprint, ClientTerms client,
                                SignInCollaborators with, Instant now, Map<String, String> parameters) {
        String secret = with.secrets().newSecret();
        attempt.record(new ChallengeIssued(attempt.sessionId(), attempt.poolId(), attempt.sub(), name,
                SessionSecrets.hash(secret), choices, mac, destination, setUpState, phoneFingerprint,
                now.plus(client.sessionValidity()), now));
        Map<String, String> withUser = new LinkedHashMap<>(parameters);
        withUser.put(USER_ID_FOR_SRP, attempt.sub());
        return SignInOutcome.challenge(name, withUser, SessionSecrets.join(attempt.sessionId(), secret));
    }

    @CommandHandler
    public SignInOutcome handle(RespondToChallenge command, SignInCollaborators with) {
        Instant now = EventTime.now(with.clock());
        requireClient(command.client().clientId());
        SignInOutcome unusable = guard(command.secret(), now);
        if (unusable != null) {
            return unusable;
        }
        Map<String, String> responses = command.responses();
        String named = responses.get("USERNAME");
        boolean verifying = challenge == ChallengeName.PASSWORD_VERIFIER;
        if (named != null && (verifying ? !namesVerifierUser(named, with)
                : !named.equals(sub) && !named.equalsIgnoreCase(username))) {
            throw new AuthledgerException(ErrorCode.InvalidSession, INVALID);
        }
        if (command.challenge() != challenge) {
            throw new InvalidInput("challengeName", "must be " + challenge + ", the challenge of this session");
        }
        ClientTerms client = command.client();
        return switch (challenge) {
            case PASSWORD_VERIFIER -> answerPasswordVerifier(responses, client, command.context(), with, now);
            case NEW_PASSWORD_REQUIRED -> {
                String password = responses.get("NEW_PASSWORD");
                InvalidInput.require("NEW_PASSWORD", password);
                SignInProfile profile = with.users().completeNewPassword(sub, password);
                apply(new ChallengeAnswered(sessionId, poolId, sub, challenge, "new-password", now));
                yield next(attempt(), profile, client, with, now);
            }
            case SELECT_MFA_TYPE -> {
                String answer = responses.get("ANSWER");
                InvalidInput.require("ANSWER", answer);
                if (!options.contains(answer)) {
                    throw new AuthledgerException(ErrorCode.MfaMethodNotFound, "ANSWER must be one of "
                            + String.join(", ", options) + ".");
                }
                SignInProfile profile = with.users().describe(sub);
                Factor factor = Factor.valueOf(answer);
                if (!profile.requirement().usable().contains(factor)) {
                    throw new AuthledgerException(ErrorCode.MfaMethodNotFound,
                            "That factor can no longer be used by this user; sign in again.");
                }
                apply(new ChallengeAnswered(sessionId, poolId, sub, challenge, "selected-" + answer, now));
                yield challengeWith(attempt(), factor, profile, client, with, now, null);
            }
            case SOFTWARE_TOKEN_MFA -> answerCode(Factor.SOFTWARE_TOKEN_MFA,
                    required(responses, "SOFTWARE_TOKEN_MFA_CODE"), command.context(), client, with, now);
            case SMS_MFA -> answerCode(Factor.SMS_MFA, required(responses, "SMS_MFA_CODE"), command.context(),
                    client, with, now);
            case MFA_SETUP -> answerSetUp(responses.get("ANSWER"), client, with, now);
        };
    }

    private SignInOutcome answerCode(Factor factor, String code, SignInContext context, ClientTerms client,
                                     SignInCollaborators with, Instant now) {
        boolean smsMatched = factor == Factor.SMS_MFA && with.smsCodes().matches(codeMac, sub, sessionId, code);
        boolean setsUpSms = SMS_CODE_SENT.equals(setUp);
        StepVerdict verdict = with.users().authenticate(
                new AuthenticateSignInStep(sub, factor, code, smsMatched, !setsUpSms, context));
        switch (verdict.outcome()) {
            case ACCEPTED -> {
                if (setsUpSms) {
                    with.users().enableSmsMfa(sub, phoneVersion);
                }
                return succeed(client, with, now, true, setsUpSms ? "sms-set-up" : verdict.method());
            }
            case LOCKED -> {
                apply(new SignInFailed(sessionId, poolId, sub, "locked-out", now));
                return SignInOutcome.refused(new AuthledgerException(ErrorCode.PasswordAttemptsExceeded,
                        Lockout.MESSAGE));
            }
            default -> {
                boolean replayed = verdict.outcome() == StepVerdict.Outcome.REPLAYED;
                wrongAnswer(replayed ? "code-already-used" : "wrong-code", now);
                return SignInOutcome.refused(replayed
                        ? new AuthledgerException(ErrorCode.ExpiredCode, "Your software token has already been used once.")
                        : new AuthledgerException(ErrorCode.CodeMismatch, "Invalid code or auth state for the user."));
            }
        }
    }

    /** MFA_SETUP: ANSWER=SMS_MFA sends a code to the user's phone number; otherwise a verified authenticator ends it. */
    private SignInOutcome answerSetUp(String answer, ClientTerms client, SignInCollaborators with, Instant now) {
        if (Factor.SMS_MFA.name().equals(answer)) {
            if (!options.contains(answer)) {
                throw new AuthledgerException(ErrorCode.MfaMethodNotFound, "SMS MFA cannot be set up here: the pool "
                        + "does not offer it, or the user has no phone number.");
            }
            SignInProfile profile = with.users().describe(sub);
            if (!profile.canSetUpSms()) {
                throw new AuthledgerException(ErrorCode.MfaMethodNotFound,
                        "SMS MFA can no longer be set up for this user; sign in again.");
            }
            apply(new ChallengeAnswered(sessionId, poolId, sub, challenge, "selected-SMS_MFA", now));
            return challengeWith(attempt(), Factor.SMS_MFA, profile, client, with, now, SMS_CODE_SENT);
        }
        if (answer != null && !Factor.SOFTWARE_TOKEN_MFA.name().equals(answer)) {
            throw new AuthledgerException(ErrorCode.MfaMethodNotFound, "ANSWER must be one of "
                    + String.join(", ", options) + ".");
        }
        if (!TOTP_VERIFIED.equals(setUp)) {
            throw new AuthledgerException(ErrorCode.InvalidUserState, "Set up an authenticator first: "
                    + "associate a software token with this session, then verify it; or answer SMS_MFA.");
        }
        return succeed(client, with, now, false, "totp-set-up");
    }

    @CommandHandler
    public SignInOutcome handle(AssociateSoftwareTokenInSession command, SignInCollaborators with) {
        Instant now = EventTime.now(with.clock());
        SignInOutcome unusable = guardTotpSetUp(command.poolId(), command.secret(), now);
        if (unusable != null) {
            return unusable;
        }
        SoftwareTokenSecret secret = with.users().associateSoftwareToken(sub);
        SignInOutcome next = issue(attempt(), ChallengeName.MFA_SETUP, options, null, null, TOTP_ASSOCIATED, null,
                with.terms(poolId, clientId), with, now, Map.of());
        return SignInOutcome.setUpStep(next.session(), secret);
    }

    @CommandHandler
    public SignInOutcome handle(VerifySoftwareTokenInSession command, SignInCollaborators with) {
        Instant now = EventTime.now(with.clock());
        SignInOutcome unusable = guardTotpSetUp(command.poolId(), command.secret(), now);
        if (unusable != null) {
            return unusable;
        }
        if (!TOTP_ASSOCIATED.equals(setUp)) {
            throw new AuthledgerException(ErrorCode.SoftwareTokenNotFound,
                    "Associate a software token with this session first.");
        }
        CodeVerdict verdict = with.users().verifySoftwareToken(sub, command.code(), command.friendlyDeviceName());
        if (verdict != CodeVerdict.ACCEPTED) {
            wrongAnswer("wrong-code", now);
            return SignInOutcome.refused(new AuthledgerException(ErrorCode.CodeMismatch,
                    "Code mismatch and fail enable Software Token MFA"));
        }
        SignInOutcome next = issue(attempt(), ChallengeName.MFA_SETUP, options, null, null, TOTP_VERIFIED, null,
                with.terms(poolId, clientId), with, now, Map.of());
        return SignInOutcome.setUpStep(next.session(), null);
    }

    /** A wrong answer is counted; the third ends the attempt. */
    private void wrongAnswer(String reason, Instant now) {
        int wrong = wrongAnswers + 1;
        apply(new ChallengeFailed(sessionId, poolId, sub, challenge, wrong, wrong >= MAX_WRONG_ANSWERS, reason, now));
        if (wrong >= MAX_WRONG_ANSWERS) {
            apply(new SignInFailed(sessionId, poolId, sub, "too-many-wrong-answers", now));
        }
    }

    /** {@link #guard}, for the enrolment endpoints: of this pool, and at an MFA_SETUP that offers TOTP. */
    private SignInOutcome guardTotpSetUp(String presentedPoolId, String secret, Instant now) {
        requirePool(presentedPoolId);
        SignInOutcome unusable = guard(secret, now);
        if (unusable == null
                && (challenge != ChallengeName.MFA_SETUP || !options.contains(Factor.SOFTWARE_TOKEN_MFA.name()))) {
            throw new AuthledgerException(ErrorCode.InvalidSession, "This session is not setting up an "
                    + "authenticator (MFA_SETUP with SOFTWARE_TOKEN_MFA).");
        }
        return unusable;
    }

    private void requireClient(String presentedClientId) {
        if (!clientId.equals(presentedClientId)) {
            throw new AuthledgerException(ErrorCode.InvalidSession, INVALID);
        }
    }

    /** The enrolment endpoints name no client: the session must at least be one of the pool addressed. */
    private void requirePool(String presentedPoolId) {
        if (!poolId.equals(presentedPoolId)) {
            throw new AuthledgerException(ErrorCode.InvalidSession, INVALID);
        }
    }

    /**
     * Null when the secret answers the current step of a live attempt; otherwise the refusal. An expiry is recorded
     * the first time it is met (returned, so the record commits); other refusals are thrown (they change nothing).
     */
    private SignInOutcome guard(String secret, Instant now) {
        if (expired) {
            // an expired session keeps saying so (recorded once); it is not "used"
            if (stepHash != null && SessionSecrets.matches(stepHash, secret)) {
                throw new AuthledgerException(ErrorCode.SessionExpired, EXPIRED);
            }
            throw new AuthledgerException(ErrorCode.InvalidSession, INVALID);
        }
        if (ended || stepHash == null || !SessionSecrets.matches(stepHash, secret)) {
            boolean used = ended || authTime != null || usedStepHashes.contains(SessionSecrets.hash(secret));
            throw new AuthledgerException(ErrorCode.InvalidSession, used ? USED_ONCE : INVALID);
        }
        if (!now.isBefore(expiresAt)) {
            apply(new SessionExpired(sessionId, poolId, sub, now));
            return SignInOutcome.refused(new AuthledgerException(ErrorCode.SessionExpired, EXPIRED));
        }
        return null;
    }

    /**
     * Tokens, and a token family for their refresh tokens. {@code method} is how the last challenge was answered
     * (null when the password sufficed). The user's failed-step count starts again: the user's command that accepted
     * the last step did it ({@code userCompleted}), or it is asked to now.
     */
    private SignInOutcome succeed(ClientTerms client, SignInCollaborators with, Instant now, boolean userCompleted,
                                  String method) {
        if (!userCompleted) {
            with.users().clearFailures(sub);
        }
        String refreshSecret = with.secrets().newSecret();
        Instant refreshExpiry = now.plus(client.refreshTokenValidity());
        List<String> used = new ArrayList<>(amr);
        used.addAll(factorsOf(method));
        apply(new SignInSucceeded(sessionId, poolId, sub, clientId, method == null ? null : challenge, method,
                List.copyOf(used), SessionSecrets.hash(refreshSecret), refreshExpiry, now));
        with.families().open(sessionId, poolId, sub, clientId, now, refreshExpiry);
        return SignInOutcome.tokens(tokens(client, with), SessionSecrets.join(sessionId, refreshSecret));
    }

    private IssuedTokens tokens(ClientTerms client, SignInCollaborators with) {
        return with.tokenIssuer().issue(new TokenRequest(poolId, clientId, sub, username, authTime,
                phoneNumberVerified, amr, sessionId, sessionId, client.accessTokenValidity(),
                client.idTokenValidity()));
    }

    // ---- the token family

    @CommandHandler
    public SignInOutcome handle(RefreshTokens command, SignInCollaborators with) {
        Instant now = EventTime.now(with.clock());
        if (authTime == null || !clientId.equals(command.client().clientId())) {
            throw new AuthledgerException(ErrorCode.NotAuthorized, INVALID_REFRESH);
        }
        if (revoked || with.families().refusal(sessionId).isPresent()) {
            throw new AuthledgerException(ErrorCode.RefreshTokenRevoked, REVOKED_REFRESH);
        }
        if (!now.isBefore(refreshExpiresAt)) {
            throw new AuthledgerException(ErrorCode.NotAuthorized, "Refresh Token has expired");
        }
        String presented = SessionSecrets.hash(command.secret());
        if (SessionSecrets.matches(refreshTokenHashes.get(refreshTokenHashes.size() - 1), command.secret())) {
            String next = with.secrets().newSecret();
            apply(new RefreshTokenRotated(sessionId, poolId, sub, generation + 1, SessionSecrets.hash(next), now));
            return SignInOutcome.tokens(tokens(command.client(), with), SessionSecrets.join(sessionId, next));
        }
        if (refreshTokenHashes.contains(presented)) {
            apply(new TokenFamilyRevoked(sessionId, poolId, sub, RevocationReason.REFRESH_TOKEN_REUSED, now));
            with.families().revoke(sessionId, RevocationReason.REFRESH_TOKEN_REUSED, now);
            return SignInOutcome.refused(new AuthledgerException(ErrorCode.RefreshTokenRevoked, REVOKED_REFRESH));
        }
        throw new AuthledgerException(ErrorCode.NotAuthorized, INVALID_REFRESH);
    }

    /**
     * RevokeToken: a refresh token of this family (its current one or one it rotated away from) presented with the
     * client it was issued to revokes the family; a token of another client, or not of this family, is refused as
     * an invalid refresh token, and a family revoked already stays as it is.
     */
    @CommandHandler
    public boolean handle(RevokeRefreshToken command, SignInCollaborators with) {
        if (authTime == null || !clientId.equals(command.clientId()) || command.secret() == null
                || !refreshTokenHashes.contains(SessionSecrets.hash(command.secret()))) {
            throw new AuthledgerException(ErrorCode.NotAuthorized, INVALID_REFRESH);
        }
        if (revoked || with.families().refusal(sessionId).isPresent()) {
            return false;
        }
        Instant now = EventTime.now(with.clock());
        apply(new TokenFamilyRevoked(sessionId, poolId, sub, RevocationReason.TOKEN_REVOKED, now));
        with.families().revoke(sessionId, RevocationReason.TOKEN_REVOKED, now);
        return true;
    }

    // ---- helpers

    private static String required(Map<String, String> responses, String name) {
        String value = responses.get(name);
        InvalidInput.require(name, value);
        return value;
    }


    private static String jsonArray(List<String> names) {
        return "[" + String.join(",", names.stream().map(name -> "\"" + name + "\"").toList()) + "]";
    }

    // ---- state

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
        clientPublic = null;
        nameMac = null;
        if (event.firstChallenge() != null) {
            issued(event.firstChallenge());
        }
    }

    @EventSourcingHandler
    void on(PasswordVerifierIssued event) {
        sessionId = event.sessionId();
        poolId = event.poolId();
        clientId = event.clientId();
        sub = event.sub();
        nameMac = event.nameMac();
        clientPublic = event.clientPublic();
        keyId = event.keyId();
        ipAddress = event.ipAddress();
        userAgent = event.userAgent();
        deviceId = event.deviceId();
        challenge = ChallengeName.PASSWORD_VERIFIER;
        stepHash = event.stepHash();
        expiresAt = event.expiresAt();
    }

    @EventSourcingHandler
    void on(ChallengeIssued event) {
        issued(event);
    }

    private void issued(ChallengeIssued event) {
        if (stepHash != null) {
            usedStepHashes.add(stepHash);
        }
        if (event.challenge() != ChallengeName.MFA_SETUP || challenge != ChallengeName.MFA_SETUP) {
            // a new challenge starts its count; the steps of one MFA_SETUP (associate, verify) share theirs
            wrongAnswers = 0;
        }
        challenge = event.challenge();
        stepHash = event.stepHash();
        expiresAt = event.expiresAt();
        options = event.options() == null ? List.of() : List.copyOf(event.options());
        codeMac = event.codeMac();
        setUp = event.setUp();
        phoneVersion = event.phoneVersion();
    }

    @EventSourcingHandler
    void on(ChallengeFailed event) {
        wrongAnswers = event.wrongAnswers();
        if (event.consumed()) {
            ended = true;
        }
    }

    /** The step's session is spent by the next ChallengeIssued; a factor joins the amr. */
    @EventSourcingHandler
    void on(ChallengeAnswered event) {
        amr.addAll(factorsOf(event.method()));
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
        if (stepHash != null) {
            usedStepHashes.add(stepHash);
        }
        stepHash = null;
        challenge = null;
        codeMac = null;
        amr = new ArrayList<>(event.amr());
        authTime = event.occurredAt();
        if ("sms-set-up".equals(event.method())) {
            phoneNumberVerified = true;
        }
        refreshExpiresAt = event.refreshExpiresAt();
        refreshTokenHashes = new ArrayList<>(List.of(event.refreshTokenHash()));
        generation = 0;
    }

    @EventSourcingHandler
    void on(RefreshTokenRotated event) {
        generation = event.generation();
        refreshTokenHashes.add(event.refreshTokenHash());
    }

    @EventSourcingHandler
    void on(TokenFamilyRevoked event) {
        revoked = true;
    }
}
