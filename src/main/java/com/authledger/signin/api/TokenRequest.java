package com.authledger.signin.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a pair of ID and access tokens says: the pool and app client, the user ({@code sub}, {@code username}), when
 * they authenticated, whether their phone number is verified, the factors used ({@code amr}, e.g. {@code ["pwd",
 * "otp", "mfa"]}), the authentication event's id, the token family (the sign-in whose refresh tokens renew them;
 * revoking it revokes them) and how long the access and ID tokens are valid (Cognito: 5 minutes to 1 day).
 */
public record TokenRequest(String poolId, String clientId, String sub, String username, Instant authTime,
                           boolean phoneNumberVerified, List<String> amr, String eventId, String familyId,
                           Duration validity, Duration idValidity) {

    /** Both tokens valid for {@code validity}; {@code familyId} is their {@code origin_jti}. */
    public TokenRequest(String poolId, String clientId, String sub, String username, Instant authTime,
                        boolean phoneNumberVerified, List<String> amr, String eventId, String familyId,
                        Duration validity) {
        this(poolId, clientId, sub, username, authTime, phoneNumberVerified, amr, eventId, familyId, validity,
                validity);
    }


    public static final Duration MIN_VALIDITY = Duration.ofMinutes(5);
    public static final Duration MAX_VALIDITY = Duration.ofDays(1);

    public TokenRequest {
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(sub, "sub");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(familyId, "familyId");
        amr = List.copyOf(amr == null ? List.of() : amr);
        requireValidity(validity);
        requireValidity(idValidity);
    }

    private static void requireValidity(Duration validity) {
        Objects.requireNonNull(validity, "validity");
        if (validity.compareTo(MIN_VALIDITY) < 0 || validity.compareTo(MAX_VALIDITY) > 0) {
            throw new IllegalArgumentException("Token validity must be between 5 minutes and 1 day");
        }
    }
}
