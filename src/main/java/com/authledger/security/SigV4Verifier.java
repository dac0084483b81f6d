package com.authledger.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/** PLACEHOLDER until the access-key work lands: refuses every signed call. */
@Component
public class SigV4Verifier {

    /**
     * @param body the exact bytes of the request body, hashed into the signature
     * @return the access key that signed the request
     * @throws SigV4Failure when the signature is missing, malformed, stale, by an unknown key or wrong
     */
    public ApiPrincipal verify(HttpServletRequest request, byte[] body) {
        throw new SigV4Failure("MissingAuthenticationTokenException", 403, "Missing Authentication Token");
    }
}
