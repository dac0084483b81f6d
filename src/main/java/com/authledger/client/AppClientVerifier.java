package com.authledger.client;

import com.authledger.client.read.AppClientQueries;
import com.authledger.client.read.AppClientView;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import org.springframework.stereotype.Component;

/**
 * For sign-in: finds the app client a request names and checks its SECRET_HASH, which is required exactly when the
 * client has a secret (a client without one ignores a presented hash, as Cognito does).
 */
@Component
public class AppClientVerifier {

    private final AppClientQueries clients;

    public AppClientVerifier(AppClientQueries clients) {
        this.clients = clients;
    }

    /**
     * The pool of the client {@code clientId}, for callers that name the client only (Cognito's InitiateAuth and
     * RespondToAuthChallenge); empty when no pool has such a client.
     */
    public java.util.Optional<String> poolOf(String clientId) {
        return clients.client(clientId).map(AppClientView::poolId);
    }

    /**
     * The pool's client {@code clientId}, once {@code presentedSecretHash} proves the caller holds its secret.
     *
     * @throws AuthledgerException {@link ErrorCode#AppClientNotFound} when the pool has no such client;
     *                             {@link ErrorCode#SecretHashMismatch} when the client has a secret and the hash is
     *                             missing or wrong
     */
    public AppClientView verify(String poolId, String clientId, String username, String presentedSecretHash) {
        AppClientView client = clients.client(poolId, clientId).orElseThrow(AppClient::notFound);
        if (client.hasSecret()) {
            if (presentedSecretHash == null || presentedSecretHash.isEmpty()) {
                throw new AuthledgerException(ErrorCode.SecretHashMismatch,
                        "This app client has a secret: SECRET_HASH is required.");
            }
            String secret = clients.clientSecret(client).orElseThrow();
            if (!SecretHash.verify(secret, username, clientId, presentedSecretHash)) {
                throw new AuthledgerException(ErrorCode.SecretHashMismatch,
                        "Unable to verify the SECRET_HASH for this app client.");
            }
        }
        return client;
    }
}
