package com.authledger.signin;

import com.authledger.infra.CommandDispatcher;
import com.authledger.infra.RequestMetadata;
import com.authledger.limits.GuessLimits;
import com.authledger.limits.GuessLimits.Guess;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.InvalidInput;
import com.authledger.user.api.SignInContext;
import com.authledger.user.User;
import com.authledger.user.Lockout;
import com.authledger.user.Results.CodeVerdict;
import com.authledger.user.Results.PasswordVerdict;
import com.authledger.user.Results.StepVerdict;
import com.authledger.user.SignInRequirement;
import com.authledger.user.api.UserCommand;
import com.authledger.user.read.UserProjectionWait;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * What both self-service adapters (the REST {@code /api/v1/me} and Cognito's access-token operations) do alike for a
 * user signed in with an access token: send the user's command, require a {@link StepUp} before a change to the
 * factors, and wait for the users' projection so that a read after the write sees it. The commands that try a code
 * (an attribute's, an authenticator's first one, a step-up's) or the previous password are guesses under the
 * {@link GuessLimits} of the user's address (ADR 23), counted when wrong; their pool is not counted, since a
 * signed-in user is no stranger probing the pool.
 */
@Component
public class OwnAccount {

    private final CommandDispatcher commands;
    private final UserProjectionWait projection;
    private final GuessLimits guesses;
    private final Clock clock;

    public OwnAccount(CommandDispatcher commands, UserProjectionWait projection, GuessLimits guesses, Clock clock) {
        this.commands = commands;
        this.projection = projection;
        this.guesses = guesses;
        this.clock = clock;
    }

    /** Sends the user's command and answers its result; one that tries a code or a password is a guess. */
    public <R> R send(Object command, RequestMetadata origin) {
        Guess guess = guessIn(command);
        Supplier<R> sent = () -> commands.send(command, origin, User.notFound());
        return guess == null ? sent.get() : guesses.tried(guess, null, origin.endUserIp(), sent, OwnAccount::wrong);
    }

    private static Guess guessIn(Object command) {
        if (command instanceof UserCommand.VerifyContact || command instanceof UserCommand.VerifySoftwareToken
                || command instanceof UserCommand.AuthenticateSignInStep) {
            return Guess.CODE;
        }
        return command instanceof UserCommand.ChangePassword ? Guess.PASSWORD : null;
    }

    private static boolean wrong(Object result) {
        return result instanceof CodeVerdict code && code != CodeVerdict.ACCEPTED
                || result instanceof PasswordVerdict password && password.outcome() == PasswordVerdict.Outcome.REJECTED
                || result instanceof StepVerdict step && step.outcome() == StepVerdict.Outcome.MISMATCH;
    }

    /**
     * Step-up: nothing more when the token's sign-in is recent; otherwise {@code presentedCode} (the X-MFA-Code
     * header) is checked as a sign-in step of the user (so replays are refused and wrong codes count towards the
     * lockout), and the change goes ahead only if it is accepted.
     */
    private void requireStepUp(SignedInUser token, String presentedCode, RequestMetadata origin) {
        Instant now = clock.instant();
        Instant authTime = token.authTime();
        if (StepUp.recentSignIn(authTime, now)) {
            return;
        }
        String code = StepUp.requireAnswer(presentedCode, authTime, now);
        StepVerdict verdict = send(new UserCommand.AuthenticateSignInStep(token.sub(),
                SignInRequirement.Factor.SOFTWARE_TOKEN_MFA, code, false, context(origin)), origin);
        StepUp.requireAccepted(verdict.outcome(), authTime, now);
    }

    /** Step-up before {@code command} when the {@link StepUp#requiredFor step-up policy} asks for one. */
    public void requireStepUpFor(Object command, SignedInUser token, String presentedCode, RequestMetadata origin) {
        if (StepUp.requiredFor(command)) {
            requireStepUp(token, presentedCode, origin);
        }
    }

    /**
     * The user replaces their password, proving the previous one (a wrong one counts towards the lockout, as at
     * sign-in, and is refused in sign-in's words); once changed, the user's tokens are revoked.
     */
    public void changePassword(SignedInUser token, String previousPassword, String proposedPassword,
                               RequestMetadata origin) {
        PasswordVerdict verdict = send(new UserCommand.ChangePassword(token.sub(), previousPassword,
                proposedPassword, context(origin)), origin);
        switch (verdict.outcome()) {
            case LOCKED -> throw new AuthledgerException(ErrorCode.PasswordAttemptsExceeded, Lockout.MESSAGE);
            case REJECTED -> throw SignInService.notAuthorized();
            default -> awaitProjection(token.sub());
        }
    }

    /** Read-your-writes: wait until the users' projection holds the user's latest event. */
    public void awaitProjection(String sub) {
        projection.awaitLatest(sub);
    }

    /** Where a request came from, for the sign-in failures it may count: its address and user agent. */
    public static SignInContext context(RequestMetadata origin) {
        String userAgent = origin.userAgent() == null || origin.userAgent().isBlank() ? null : origin.userAgent();
        try {
            return new SignInContext(origin.sourceIp(), userAgent, null);
        } catch (InvalidInput notAnAddress) {
            return new SignInContext(null, userAgent, null);
        }
    }
}
