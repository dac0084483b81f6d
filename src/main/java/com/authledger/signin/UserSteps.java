package com.authledger.signin;

import com.authledger.user.Results.CodeVerdict;
import com.authledger.user.Results.SignInProfile;
import com.authledger.user.Results.SoftwareTokenSecret;
import com.authledger.user.Results.StepVerdict;
import com.authledger.user.api.UserCommand;
import com.authledger.infra.RequestMetadata;
import com.authledger.shared.AuthledgerException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

/**
 * What a sign-in asks of the user's aggregate, as commands sent from inside the session's command handler. The
 * command bus runs them in the same thread, in a unit of work nested in the session's: both aggregates' events commit
 * in one transaction or not at all, and the user is locked (the session first, then the user, always in that order)
 * while its last accepted TOTP step and its failure count are read and advanced. The caller's request metadata goes
 * with each command, so the user's events name the same origin as the session's.
 */
@Component
public class UserSteps {

    private final CommandGateway gateway;

    public UserSteps(CommandGateway gateway) {
        this.gateway = gateway;
    }

    public StepVerdict authenticate(UserCommand.AuthenticateSignInStep command) {
        return send(command);
    }

    public com.authledger.user.password.Srp6a.Verifier passwordVerifier(String sub) {
        return send(new UserCommand.DescribePasswordVerifier(sub));
    }

    public com.authledger.user.Results.PasswordVerdict verifyPasswordClaim(String sub,
            com.authledger.user.password.Srp6a.PasswordClaim claim, com.authledger.user.api.SignInContext context) {
        return send(new UserCommand.VerifySignInPasswordClaim(sub, claim, context));
    }

    public SignInProfile describe(String sub) {
        return send(new UserCommand.DescribeSignIn(sub));
    }

    public SignInProfile completeNewPassword(String sub, String password) {
        return send(new UserCommand.CompleteNewPassword(sub, password));
    }

    public SoftwareTokenSecret associateSoftwareToken(String sub) {
        return send(new UserCommand.AssociateSoftwareToken(sub, com.authledger.user.api.Initiator.USER));
    }

    public CodeVerdict verifySoftwareToken(String sub, String code, String friendlyDeviceName) {
        return send(new UserCommand.VerifySoftwareToken(sub, code, friendlyDeviceName, true,
                com.authledger.user.api.Initiator.USER));
    }

    public void enableSmsMfa(String sub, String phoneVersion) {
        send(new UserCommand.EnableSmsMfaAtSignIn(sub, phoneVersion));
    }

    public void clearFailures(String sub) {
        send(new UserCommand.ClearSignInFailures(sub));
    }

    private <R> R send(Object command) {
        var message = GenericCommandMessage.asCommandMessage(command);
        if (CurrentUnitOfWork.isStarted()) {
            message = message.andMetaData(CurrentUnitOfWork.get().getMessage().getMetaData()
                    .subset(RequestMetadata.KEYS));
        }
        try {
            return gateway.sendAndWait(message);
        } catch (CommandExecutionException wrapped) {
            if (wrapped.getCause() instanceof AuthledgerException refusal) {
                throw refusal;
            }
            throw wrapped;
        }
    }
}
