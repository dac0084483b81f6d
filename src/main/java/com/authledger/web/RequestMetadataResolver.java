package com.authledger.web;

import com.authledger.infra.RequestMetadata;
import com.authledger.security.ApiPrincipal;
import com.authledger.security.UserPrincipal;
import com.authledger.shared.InvalidInput;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;

/**
 * Builds the metadata every command carries, for both adapters: the actor, source address (see
 * {@link ClientAddressResolver}), user agent (cut to {@link RequestMetadata#MAX_USER_AGENT_LENGTH}), request id and,
 * on the REST API, the reason.
 */
@Component
public class RequestMetadataResolver {

    static final String REASON_HEADER = "X-Reason";
    static final int MAX_REASON_LENGTH = 1024;

    private final ClientAddressResolver addresses;

    RequestMetadataResolver(ClientAddressResolver addresses) {
        this.addresses = addresses;
    }

    /**
     * A REST call's metadata: its actor is the caller the bearer filters authenticated (an API key's
     * {@code apikey:<name>}, or a signed-in user's {@code user:<sub>} on the self-service API), its reason the
     * X-Reason header.
     */
    public RequestMetadata resolve(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Object principal = authentication == null ? null : authentication.getPrincipal();
        String actor;
        if (principal instanceof ApiPrincipal key) {
            actor = key.actor();
        } else if (principal instanceof UserPrincipal user) {
            actor = user.actor();
        } else {
            throw new IllegalStateException("A change reached a controller without an authenticated caller");
        }
        return resolve(request, actor, reason(request));
    }

    /** The metadata of a call whose adapter names the actor itself (Cognito's protocol), without a reason. */
    public RequestMetadata resolve(HttpServletRequest request, String actor) {
        return resolve(request, actor, null);
    }

    private RequestMetadata resolve(HttpServletRequest request, String actor, String reason) {
        String userAgent = RequestMetadata.userAgentOf(request.getHeader(HttpHeaders.USER_AGENT));
        return new RequestMetadata(actor, addresses.clientAddress(request), userAgent,
                RequestIdFilter.requestId(request), reason);
    }

    /**
     * The optional X-Reason header, as UTF-8 (servlet containers hand headers over as ISO-8859-1), at most 1024
     * characters and free of control characters.
     */
    static String reason(HttpServletRequest request) {
        String raw = request.getHeader(REASON_HEADER);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String reason = new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).strip();
        if (reason.codePointCount(0, reason.length()) > MAX_REASON_LENGTH) {
            throw new InvalidInput(REASON_HEADER, "must be at most " + MAX_REASON_LENGTH + " characters long");
        }
        if (reason.chars().anyMatch(Character::isISOControl) || reason.indexOf('\uFFFD') >= 0) {
            throw new InvalidInput(REASON_HEADER, "must be UTF-8 text without control characters");
        }
        return reason;
    }
}
