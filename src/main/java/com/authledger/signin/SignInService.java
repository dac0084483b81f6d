package com.authledger.signin;

import com.authledger.client.AppClientVerifier;
import com.authledger.client.api.AuthFlow;
import com.authledger.client.read.AppClientView;
import com.authledger.infra.CommandDispatcher;
import com.authledger.infra.RequestMetadata;
import com.authledger.limits.GuessLimits;
import com.authledger.limits.GuessLimits.Guess;
import com.authledger.limits.RefusalTally;
import com.authledger.pool.PoolContext;
import com.authledger.pool.PoolDirectory;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.EventTime;
import com.authledger.shared.InvalidInput;
import com.authledger.shared.RefusalFloor;
import com.authledger.signin.SessionSecrets.Presented;
import com.authledger.signin.api.ChallengeName;
import com.authledger.signin.api.ClientTerms;
import com.authledger.signin.api.SignInCommand;
import com.authledger.user.api.SignInContext;
import com.authledger.user.Lockout;
import com.authledger.user.Results.PasswordVerdict;
import com.authledger.user.UserSecrets;
import com.authledger.user.UsernameRegistry;
import com.authledger.user.api.UserCommand;
import com.authledger.user.api.Username;
import com.authledger.signin.api.SignInEvent;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Sign-in as host services and the Cognito adapter ask for it: InitiateAuth (a password, USER_SRP_AUTH's SRP_A, or a
 * refresh token) and RespondToAuthChallenge, and the session-bound AssociateSoftwareToken / VerifySoftwareToken of
 * MFA_SETUP. It finds
 * the pool, the app client (its SECRET_HASH, its allowed flows) and the user, then leaves every decision to the
 * User aggregate (the password, the lockout) and the SignInSession aggregate (the challenges, the tokens).
 *
 * <p>A name that matches no user is answered exactly as a wrong password: the same message, after the same password
 * computation, and counted towards the same lockout rule under that name. Under USER_SRP_AUTH it gets a
 * PASSWORD_VERIFIER challenge of the same shape, whose answer fails the same way ({@link PasswordVerifiers}).
 */
@Service
public class SignInService {

    public static final String INCORRECT = SignInRules.INCORRECT;

    /** InitiateAuth's input, as Cognito's AuthParameters. */
    public record Initiation(String clientId, String authFlow, Map<String, String> parameters,
                             SignInContext context) {
        public Initiation {
            parameters = parameters == null ? Map.of() : parameters;
            context = context == null ? SignInContext.NONE : context;
        }

        String parameter(String name) {
            return parameters.get(name);
        }

        @Override
        public String toString() {
            return "Initiation[" + clientId + ", " + authFlow + ", redacted]";
        }
    }

    private final PoolDirectory pools;
    private final AppClientVerifier clients;
    private final UsernameRegistry names;
    private final UserSecrets secrets;
    private final UnknownNameFailures unknownNames;
    private final PasswordClaims claims;
    private final SessionSecrets sessions;
    private final CommandDispatcher commands;
    private final EventStore eventStore;
    private final TokenMinter minter;
    private final GuessLimits guesses;
    private final RefusalTally tally;
    private final Clock clock;

    public SignInService(PoolDirectory pools, AppClientVerifier clients, UsernameRegistry names, UserSecrets secrets,
                         UnknownNameFailures unknownNames, PasswordClaims claims, SessionSecrets sessions,
                         CommandDispatcher commands,
                         EventStore eventStore, TokenMinter minter, GuessLimits guesses, RefusalTally tally,
                         Clock clock) {
        this.pools = pools;
        this.clients = clients;
        this.names = names;
        this.secrets = secrets;
        this.unknownNames = unknownNames;
        this.claims = claims;
        this.sessions = sessions;
        this.commands = commands;
        this.eventStore = eventStore;
        this.minter = minter;
        this.guesses = guesses;
        this.tally = tally;
        this.clock = clock;
    }

    /**
     * @param admin whether the caller is the host service acting as administrator (AdminInitiateAuth), which may use
     *              ADMIN_USER_PASSWORD_AUTH; the native API always is
     */
    public SignInOutcome initiate(String poolId, Initiation request, boolean admin, RequestMetadata origin) {
        long started = System.nanoTime();
        PoolContext pool = pools.require(poolId);
        InvalidInput.requireLength("clientId", request.clientId(), 1, 128);
        AuthFlow flow = AuthFlow.requested(request.authFlow(), admin);
        String username = request.parameter("USERNAME");
        java.math.BigInteger clientPublic = null;
        if (flow == AuthFlow.ALLOW_USER_SRP_AUTH) {
            InvalidInput.requireLength("USERNAME", username, 1, 128);
            clientPublic = PasswordVerifiers.clientPublic(request.parameter("SRP_A"));
        } else if (flow != AuthFlow.ALLOW_REFRESH_TOKEN_AUTH) {
            InvalidInput.requireLength("USERNAME", username, 1, 128);
            InvalidInput.requireLength("PASSWORD", request.parameter("PASSWORD"), 1, 256);
        }
        AppClientView client = clients.verify(poolId, request.clientId(), username, request.parameter("SECRET_HASH"));
        if (!client.settings().allows(flow)) {
            throw new AuthledgerException(ErrorCode.AuthFlowNotEnabled,
                    request.authFlow() + " flow not enabled for this client");
        }
        if (flow == AuthFlow.ALLOW_REFRESH_TOKEN_AUTH) {
            return refresh(request, client, origin);
        }
        if (flow == AuthFlow.ALLOW_USER_SRP_AUTH) {
            // a name that matches no user gets a challenge too: it looks the same, and its answer fails
            String known = names.resolve(poolId, username).orElse(null);
            return claims.challenge(sessions.newId(), poolId, ClientTerms.of(client), known, username,
                    clientPublic.toString(16), request.context(), EventTime.now(clock));
        }
        String password = request.parameter("PASSWORD");
        String source = source(request.context(), origin);
        guesses.requireOpen(Guess.PASSWORD, poolId, source);
        String sub = names.resolve(poolId, username).orElse(null);
        if (sub == null) {
            guesses.failed(Guess.PASSWORD, poolId, source);
            AuthledgerException refusal = unknownName(pool, username, password);
            RefusalFloor.await(started);
            throw refusal;
        }
        PasswordVerdict verdict = commands.send(new UserCommand.VerifySignInPassword(sub, password,
                request.context()), origin, notAuthorized());
        switch (verdict.outcome()) {
            case LOCKED -> {
                RefusalFloor.await(started);
                throw new AuthledgerException(ErrorCode.PasswordAttemptsExceeded, Lockout.MESSAGE);
            }
            case REJECTED -> {
                guesses.failed(Guess.PASSWORD, poolId, source);
                RefusalFloor.await(started);
                throw notAuthorized();
            }
            default -> {
            }
        }
        SignInOutcome outcome = commands.send(new SignInCommand.StartSignIn(sessions.newId(), poolId,
                ClientTerms.of(client), verdict.profile(), request.context()), origin, notAuthorized());
        return completed(outcome);
    }

    /** The same work and the same answer as a wrong password, and the same lockout under the submitted name. */
    private AuthledgerException unknownName(PoolContext pool, String username, String password) {
        java.time.Instant locked = unknownNames.attempt(pool.poolId(), Username.key(username), EventTime.now(clock),
                () -> secrets.dummyPasswordCheck(pool.srpPoolName(), password));
        return locked != null ? new AuthledgerException(ErrorCode.PasswordAttemptsExceeded, Lockout.MESSAGE)
                : notAuthorized();
    }

    private SignInOutcome refresh(Initiation request, AppClientView client, RequestMetadata origin) {
        Presented token = SessionSecrets.parse(request.parameter("REFRESH_TOKEN"))
                .orElseThrow(() -> new AuthledgerException(ErrorCode.NotAuthorized, SignInRules.INVALID_REFRESH));
        return completed(commands.send(new SignInCommand.RefreshTokens(token.id(), token.secret(),
                ClientTerms.of(client)), origin, new AuthledgerException(ErrorCode.NotAuthorized,
                SignInRules.INVALID_REFRESH)));
    }

    /**
     * A step's outcome as the caller gets it: its refusal thrown, or the tokens it granted minted (after the grant
     * committed, so that no token exists for a family that was not recorded).
     */
    private SignInOutcome completed(SignInOutcome outcome) {
        SignInOutcome granted = outcome.orThrow();
        if (granted.grant() != null) {
            // a pool deleted while this step ran gets no tokens: its keys were retired and shredded with it
            pools.require(granted.grant().request().poolId());
        }
        return granted.mintedBy(minter);
    }

    /** RespondToAuthChallenge. */
    public SignInOutcome respond(String poolId, String clientId, String challengeName, String session,
                                 Map<String, String> responses, SignInContext context, RequestMetadata origin) {
        pools.require(poolId);
        InvalidInput.requireLength("clientId", clientId, 1, 128);
        ChallengeName challenge = ChallengeName.parse(challengeName);
        if (challenge == null) {
            throw new InvalidInput("challengeName", "must be one of PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED, "
                    + "SMS_MFA, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP");
        }
        Map<String, String> answers = responses == null ? Map.of() : responses;
        answers.forEach(SignInService::requireAnswerSize);
        String answered = challenge == ChallengeName.PASSWORD_VERIFIER
                ? verifierSession(session, answers.get("PASSWORD_CLAIM_SECRET_BLOCK"))
                : session;
        AppClientView client = clients.verify(poolId, clientId, answers.get("USERNAME"), answers.get("SECRET_HASH"));
        Guess guess = guessIn(challenge);
        boolean ticket = VerifierTickets.isTicket(answered);
        if (ticket && challenge != ChallengeName.PASSWORD_VERIFIER) {
            // a ticket answers PASSWORD_VERIFIER only, and so is always counted as a password guess
            throw invalidSession();
        }
        ClientTerms terms = ClientTerms.of(client);
        Supplier<SignInOutcome> answer = ticket ? ticketAnswer(poolId, terms, answered, answers, context, origin)
                : sessionAnswer(terms, presentedSession(answered), challenge, answers, context, origin);
        SignInOutcome outcome = guess == null ? answer.get() : guesses.tried(guess, poolId, source(context, origin),
                answer, result -> wrong(guess, result.refusal()));
        if (outcome.refusal() != null && outcome.refusal().code() == ErrorCode.PasswordAttemptsExceeded) {
            tally.count(poolId, RefusalTally.Reason.LOCKED_OUT);
        }
        return completed(outcome);
    }

    /** The answer to the current step of a session the aggregate keeps. */
    private Supplier<SignInOutcome> sessionAnswer(ClientTerms client, Presented presented, ChallengeName challenge,
                                                  Map<String, String> answers, SignInContext context,
                                                  RequestMetadata origin) {
        return () -> commands.send(new SignInCommand.RespondToChallenge(presented.id(), presented.secret(), client,
                challenge, answers, context), origin, invalidSession());
    }

    /**
     * The answer to a PASSWORD_VERIFIER ticket, once checked and spent: for a user, the session it begins; for a name
     * that matches no user, the same refusal as a wrong password, with nothing appended.
     */
    private Supplier<SignInOutcome> ticketAnswer(String poolId, ClientTerms client, String session,
                                                 Map<String, String> answers, SignInContext context,
                                                 RequestMetadata origin) {
        java.time.Instant now = EventTime.now(clock);
        PasswordClaims.TicketAnswer answer = claims.answerable(session, poolId, client.clientId(), answers, now);
        VerifierTickets.Ticket ticket = answer.ticket();
        return () -> {
            claims.spend(ticket);
            return ticket.sub() == null ? SignInOutcome.refused(claims.unknownName(answer, now))
                    : commands.send(new SignInCommand.AnswerPasswordVerifier(ticket.sessionId(),
                            PasswordClaims.issued(ticket, session), client, answers, context), origin,
                            invalidSession());
        };
    }

    /** What an answer to {@code challenge} guesses: a password (an SRP proof), a code, or nothing. */
    private static Guess guessIn(ChallengeName challenge) {
        return switch (challenge) {
            case PASSWORD_VERIFIER -> Guess.PASSWORD;
            case SMS_MFA, SOFTWARE_TOKEN_MFA -> Guess.CODE;
            default -> null;
        };
    }

    /** Whether a step was refused as a wrong guess: a wrong code, or a proof of a wrong password. */
    private static boolean wrong(Guess guess, AuthledgerException refusal) {
        return refusal != null && (guess == Guess.CODE ? refusal.code() == ErrorCode.CodeMismatch
                : refusal.code() == ErrorCode.NotAuthorized);
    }

    /** The end user's address: the sign-in's context, else the request's on a path the end user drives. */
    private static String source(SignInContext context, RequestMetadata origin) {
        return context != null && context.ipAddress() != null ? context.ipAddress() : origin.endUserIp();
    }

    /** AssociateSoftwareToken with a Session (MFA_SETUP). */
    public SignInOutcome associateSoftwareToken(String poolId, String session, RequestMetadata origin) {
        pools.require(poolId);
        Presented presented = presentedSession(session);
        return commands.<SignInOutcome>send(new SignInCommand.AssociateSoftwareTokenInSession(presented.id(),
                presented.secret(), poolId), origin, invalidSession()).orThrow();
    }

    /**
     * AssociateSoftwareToken with only a Session, as Cognito's clients send it: the pool is the session's own (see
     * {@link #poolOfSession}); the aggregate checks the session as for any other caller.
     */
    public SignInOutcome associateSoftwareToken(String session, RequestMetadata origin) {
        return associateSoftwareToken(poolOfSession(session), session, origin);
    }

    /** VerifySoftwareToken with only a Session, as Cognito's clients send it (see {@link #poolOfSession}). */
    public SignInOutcome verifySoftwareToken(String session, String code, String friendlyDeviceName,
                                             RequestMetadata origin) {
        return verifySoftwareToken(poolOfSession(session), session, code, friendlyDeviceName, origin);
    }

    /**
     * The pool a session belongs to, read from the first event of its sign-in (the store, not a projection, so a
     * session just issued is found at once): SignInStarted after a password, PasswordVerifierIssued after USER_SRP_AUTH
     * (the official clients' default); every SignInEvent names its pool. It only chooses the pool; whether the session
     * is good is still the SignInSession's decision. A session that names no sign-in is an invalid session.
     */
    private String poolOfSession(String session) {
        Presented presented = presentedSession(session);
        var events = eventStore.readEvents(presented.id(), 0);
        if (events.hasNext() && events.next().getPayload() instanceof SignInEvent first) {
            return first.poolId();
        }
        throw invalidSession();
    }

    /** VerifySoftwareToken with a Session (MFA_SETUP): TOTP is enabled, and the answer carries the next session. */
    public SignInOutcome verifySoftwareToken(String poolId, String session, String code, String friendlyDeviceName,
                                             RequestMetadata origin) {
        pools.require(poolId);
        Presented presented = presentedSession(session);
        com.authledger.user.api.Codes.requireSixDigits("userCode", code);
        return guesses.tried(Guess.CODE, poolId, origin.endUserIp(), () -> commands.<SignInOutcome>send(
                new SignInCommand.VerifySoftwareTokenInSession(presented.id(), presented.secret(), poolId, code,
                        friendlyDeviceName), origin, invalidSession()),
                outcome -> wrong(Guess.CODE, outcome.refusal())).orThrow();
    }

    /** The longest challenge response: a password's limit (NEW_PASSWORD); codes and answers are far shorter. */
    static final int MAX_ANSWER_LENGTH = 256;
    /** PASSWORD_VERIFIER's SECRET_BLOCK carries its session (a ticket, at most 2,048 characters) in base64. */
    static final int MAX_SECRET_BLOCK_LENGTH = 4096;
    private static final int MAX_ANSWER_NAME_LENGTH = 64;

    /**
     * An oversized challenge response is malformed input, refused before the session or the user sees it: it is not
     * a wrong answer, so it consumes no attempt and records nothing.
     */
    private static void requireAnswerSize(String name, String value) {
        if (name.length() > MAX_ANSWER_NAME_LENGTH) {
            throw new InvalidInput("challengeResponses", "names must be at most " + MAX_ANSWER_NAME_LENGTH
                    + " characters long");
        }
        int limit = "PASSWORD_CLAIM_SECRET_BLOCK".equals(name) ? MAX_SECRET_BLOCK_LENGTH : MAX_ANSWER_LENGTH;
        if (value != null && value.length() > limit) {
            throw new InvalidInput("challengeResponses." + name, "must be at most " + limit + " characters long");
        }
    }

    /**
     * PASSWORD_VERIFIER's session: the Session if given, else the one its SECRET_BLOCK carries (clients that answer
     * without a Session); when both are given they must be the same.
     */
    private static String verifierSession(String session, String secretBlock) {
        String carried = PasswordVerifiers.sessionOf(secretBlock).orElseThrow(SignInService::invalidSession);
        if (session != null && !session.isEmpty() && !session.equals(carried)) {
            throw invalidSession();
        }
        return carried;
    }

    private static Presented presentedSession(String session) {
        InvalidInput.require("session", session);
        return SessionSecrets.parse(session).orElseThrow(SignInService::invalidSession);
    }

    static AuthledgerException notAuthorized() {
        return SignInRules.notAuthorized();
    }

    static AuthledgerException invalidSession() {
        return SignInRules.invalidSession();
    }
}
