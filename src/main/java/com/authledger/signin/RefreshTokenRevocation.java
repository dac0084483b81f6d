package com.authledger.signin;

import com.authledger.client.read.AppClientQueries;
import com.authledger.client.read.AppClientView;
import com.authledger.infra.CommandDispatcher;
import com.authledger.infra.RequestMetadata;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.signin.SessionSecrets.Presented;
import com.authledger.signin.api.SignInCommand;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.stereotype.Component;

/**
 * Cognito's RevokeToken: the holder of a refresh token revokes its token family (the refresh token and every
 * access and ID token of the same sign-in), proving the app client it was issued to with the client's secret when
 * the client has one. The family's {@link SignInSession} decides; the user's other sign-ins are untouched.
 */
@Component
public class RefreshTokenRevocation {

    /** Said of every refused token or client: which check failed is not told. */
    public static final String INVALID = "Invalid token";

    private final AppClientQueries clients;
    private final CommandDispatcher commands;

    public RefreshTokenRevocation(AppClientQueries clients, CommandDispatcher commands) {
        this.clients = clients;
        this.commands = commands;
    }

    /**
     * Revokes the family of {@code refreshToken}, issued to {@code clientId}; a family revoked already is left as it
     * is. Answers whether it was open until now.
     *
     * @throws AuthledgerException {@link ErrorCode#NotAuthorized} for an unknown client, a missing or wrong client
     *                             secret, or a token that is not a refresh token of this client
     */
    public boolean revoke(String refreshToken, String clientId, String clientSecret, RequestMetadata origin) {
        AppClientView client = clients.client(clientId).orElseThrow(RefreshTokenRevocation::invalid);
        if (client.hasSecret()) {
            String secret = clients.clientSecret(client).orElseThrow(RefreshTokenRevocation::invalid);
            if (clientSecret == null || !MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                    clientSecret.getBytes(StandardCharsets.UTF_8))) {
                throw invalid();
            }
        }
        Presented token = SessionSecrets.parse(refreshToken).orElseThrow(RefreshTokenRevocation::invalid);
        return commands.<Boolean>send(new SignInCommand.RevokeRefreshToken(token.id(), token.secret(), clientId),
                origin, invalid());
    }

    private static AuthledgerException invalid() {
        return new AuthledgerException(ErrorCode.NotAuthorized, INVALID);
    }
}
