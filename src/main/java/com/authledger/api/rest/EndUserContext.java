package com.authledger.api.rest;

import com.authledger.infra.RequestMetadata;
import com.authledger.user.api.SignInContext;
import com.authledger.web.RequestMetadataResolver;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The end user's context, which a host service passes on the paths it calls on an end user's behalf (sign-in,
 * sign-up, codes, resets): their address counts for the budgets and limits per source address, in place of the
 * host service's own. With none given, the request's address counts.
 */
record EndUserContext(String ipAddress, String userAgent, String deviceId) {

    /** The context of a sign-in; its address, user agent and device are checked there. */
    static SignInContext signIn(EndUserContext body) {
        return body == null ? SignInContext.NONE : new SignInContext(body.ipAddress, body.userAgent, body.deviceId);
    }

    /** The metadata of a call on the end user's behalf: their address from {@code body}, else the request's. */
    static RequestMetadata origin(RequestMetadataResolver metadata, HttpServletRequest request, EndUserContext body) {
        return metadata.resolve(request).onBehalfOf(signIn(body).ipAddress());
    }
}
