package com.authledger.api.cognito;

import com.authledger.infra.RequestMetadata;
import com.authledger.security.ApiPrincipal;
import jakarta.servlet.http.HttpServletRequest;

/**
 * One call's circumstances: the operation, the verified access key (null on unsigned operations), and the metadata
 * its commands carry. On a signed call the actor is the access key; an unsigned operation names its own actor once
 * it knows who is calling (a signed-in user's {@code user:<sub>}) through {@link #as(String)}.
 */
public record Call(String operation, ApiPrincipal principal, RequestMetadata origin, HttpServletRequest request) {

    /** The actor recorded on unsigned calls before the caller is known (a sign-in names no one until it succeeds). */
    public static final String PUBLIC_ACTOR = "cognito:public";

    public RequestMetadata as(String actor) {
        return new RequestMetadata(actor, origin.sourceIp(), origin.userAgent(), origin.requestId(), origin.reason(),
                origin.endUserIp());
    }

    public String sourceIp() {
        return origin.sourceIp();
    }
}
