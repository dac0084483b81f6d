package com.authledger.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a pair of ID and access tokens says: the pool and app client, the user ({@code sub}, {@code username}), when
 * they authenticated, whether their phone number is verified, the factors used ({@code amr}, e.g. {@code ["pwd",
 * "otp"]}), the authentication event's id and how long the tokens are valid (Cognito: 5 minutes to 1 day).
 */
public record TokenRequest(String poolId, String clientId, String sub, String username, Instant authTime,
                           boolean phoneNumberVerified, List<String> amr, String eventId, Duration validity) {

    public static final Duration MIN_VALIDITY = Duration.ofMinutes(5);
    public static final Duration MAX_VALIDITY = Duration.ofDays(1);

    public TokenRequest {
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(sub, "sub");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(validity, "validity");
        amr = List.copyOf(amr == null ? List.of() : amr);
        if (validity.compareTo(MIN_VALIDITY) < 0 || validity.compareTo(MAX_VALIDITY) > 0) {
            throw new IllegalArgumentException("Token validity must be between 5 minutes and 1 day");
        }
    }
}
