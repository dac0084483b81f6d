package com.authledger.api;

import com.authledger.infra.CommandDispatcher;
import com.authledger.infra.RequestMetadata;
import com.authledger.limits.GuessLimits;
import com.authledger.limits.GuessLimits.Guess;
import com.authledger.message.MessageBudgets;
import com.authledger.pool.PoolContext;
import com.authledger.shared.InvalidInput;
import com.authledger.shared.RefusalFloor;
import com.authledger.user.Results.CodeVerdict;
import com.authledger.user.Results.Registration;
import com.authledger.user.UsernameRegistry;
import com.authledger.user.api.Attributes;
import com.authledger.user.api.UserCommand;
import org.springframework.stereotype.Component;

import java.util.function.Predicate;

/**
 * The account steps anyone may ask for by naming a user, before or instead of signing in: sign-up and its
 * confirmation, a new sign-up code, and the forgotten-password reset. Both APIs (REST and Cognito's protocol) take
 * them here, so that they answer alike and never tell whether a user exists: a reset or a new sign-up code is asked
 * for without waiting for the user's answer, and a refused code is answered as a wrong one, no sooner than
 * {@link RefusalFloor#FLOOR}, whether the name is known or not. Every code tried is a guess under the {@link GuessLimits}
 * of the end user's address, a wrong one for an unknown name too.
 */
@Component
public class PublicAccountSteps {

    /** A code tried and not accepted (a name that matches no user included) is a wrong guess. */
    public static final Predicate<CodeVerdict> WRONG = verdict -> verdict != CodeVerdict.ACCEPTED;

    private final UserAdministration users;
    private final CommandDispatcher commands;
    private final UsernameRegistry names;
    private final MessageBudgets budgets;
    private final GuessLimits guesses;

    PublicAccountSteps(UserAdministration users, CommandDispatcher commands, UsernameRegistry names,
                       MessageBudgets budgets, GuessLimits guesses) {
        this.users = users;
        this.commands = commands;
        this.names = names;
        this.budgets = budgets;
        this.guesses = guesses;
    }

    /** SignUp: a new UNCONFIRMED user, answered once the users' projection holds it. */
    public Registration signUp(String poolId, String username, String password, Attributes attributes,
                               RequestMetadata origin) {
        users.requirePool(poolId);
        Registration created = users.send(new UserCommand.SignUp(UserAdministration.newSub(), poolId, username,
                password, attributes), origin);
        users.awaitProjection(created.sub());
        return created;
    }

    /**
     * ConfirmSignUp by name: an expired, void or wrong code and an unknown name are one answer, CodeMismatch, no
     * sooner than {@link RefusalFloor#FLOOR}; a user past confirmation too (the aggregate answers it as a wrong code).
     * Answers the user's sub.
     */
    public String confirmSignUp(String poolId, String username, String code, RequestMetadata origin) {
        long started = System.nanoTime();
        users.requirePool(poolId);
        InvalidInput.requireLength("username", username, 1, 128);
        UserCommand.ConfirmSignUp shape = new UserCommand.ConfirmSignUp("-", code);
        String sub = names.resolve(poolId, username).orElse(null);
        CodeVerdict verdict = guesses.tried(Guess.CODE, poolId, origin.endUserIp(), () -> sub == null
                ? CodeVerdict.MISMATCH : users.send(new UserCommand.ConfirmSignUp(sub, shape.code()), origin), WRONG);
        if (verdict != CodeVerdict.ACCEPTED) {
            refuseAsMismatch(started);
        }
        users.awaitProjection(sub);
        return sub;
    }

    /**
     * A new sign-up code, asked for and not awaited: the answer is the same, and as quick, whether the user exists,
     * is unconfirmed, or the user's or the destination's message budget is spent (the aggregate refuses those and
     * sends nothing). The budgets that name no user (the source address's, the pool's, the service's) are checked
     * first and refuse with LimitExceeded, whoever the name is.
     */
    public void resendSignUpCode(String poolId, String username, RequestMetadata origin) {
        users.requirePool(poolId);
        InvalidInput.requireLength("username", username, 1, 128);
        budgets.requireOpen(poolId, origin.endUserIp());
        names.resolve(poolId, username).ifPresent(sub -> commands.dispatch(new UserCommand.ResendSignUpCode(sub),
                origin));
    }

    /**
     * ForgotPassword: a reset code asked for and not awaited, so the answer takes as long for a user who exists as
     * for one who does not; the user's aggregate decides whether a code goes out (a channel disjoint from the SMS
     * factor, the message budgets) and records a refusal. As for a new sign-up code, the budgets that name no user
     * are checked first.
     */
    public void requestPasswordReset(String poolId, String username, RequestMetadata origin) {
        users.requirePool(poolId);
        InvalidInput.requireLength("username", username, 1, 128);
        budgets.requireOpen(poolId, origin.endUserIp());
        names.resolve(poolId, username).ifPresent(sub -> commands.dispatch(
                new UserCommand.RequestPasswordReset(sub), origin));
    }

    /**
     * ConfirmForgotPassword: the pool's password policy is checked before the user is looked up (so its answer says
     * nothing of the user); an expired, void or wrong code and an unknown name are one answer, CodeMismatch.
     */
    public void confirmPasswordReset(String poolId, String username, String code, String password,
                                     RequestMetadata origin) {
        long started = System.nanoTime();
        PoolContext pool = users.requirePool(poolId);
        InvalidInput.requireLength("username", username, 1, 128);
        UserCommand.ConfirmPasswordReset shape = new UserCommand.ConfirmPasswordReset("-", code, password);
        pool.passwordPolicy().check(shape.password());
        String sub = names.resolve(poolId, username).orElse(null);
        CodeVerdict verdict = guesses.tried(Guess.CODE, poolId, origin.endUserIp(), () -> sub == null
                ? CodeVerdict.MISMATCH
                : users.send(new UserCommand.ConfirmPasswordReset(sub, shape.code(), shape.password()), origin),
                WRONG);
        if (verdict != CodeVerdict.ACCEPTED) {
            refuseAsMismatch(started);
        }
        users.awaitProjection(sub);
    }

    /** One answer for every refused code, and no sooner than {@link RefusalFloor#FLOOR} after {@code started}. */
    private static void refuseAsMismatch(long started) {
        RefusalFloor.await(started);
        CodeVerdict.MISMATCH.orThrow();
    }
}
