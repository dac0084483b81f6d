package com.authledger.signin.read;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One entry of a user's sign-in history, shaped like Cognito's AuthEventType: a sign-in attempt that passed the
 * password (its id is the session id), or a wrong password (the id of that event).
 *
 * @param challengeResponses the steps in the order they were taken
 * @param position           the listing position (for paging)
 */
public record AuthEvent(String eventId, String eventType, Instant creationDate, Response eventResponse,
                        List<ChallengeResponse> challengeResponses, String ipAddress, String deviceId,
                        String userAgent, long position) {

    static final String SIGN_IN = "SignIn";

    /** Cognito's EventResponse. */
    public enum Response { Pass, Fail, InProgress }

    /**
     * Cognito's ChallengeResponseType: {@code challengeName} Password or Mfa, {@code challengeResponse} Success or
     * Failure.
     */
    public record ChallengeResponse(String challengeName, String challengeResponse) {
    }

    /** A step as the auth_event row stores it: {@code <Password|Mfa>:<Success|Failure>}, comma-separated. */
    enum Step {
        PASSWORD_SUCCESS("Password", "Success"),
        PASSWORD_FAILURE("Password", "Failure"),
        MFA_SUCCESS("Mfa", "Success"),
        MFA_FAILURE("Mfa", "Failure");

        static final String SEPARATOR = ",";

        private final String challengeName;
        private final String challengeResponse;

        Step(String challengeName, String challengeResponse) {
            this.challengeName = challengeName;
            this.challengeResponse = challengeResponse;
        }

        String code() {
            return challengeName + ":" + challengeResponse;
        }

        static int count(String stored) {
            return stored.isEmpty() ? 0 : stored.split(SEPARATOR).length;
        }

        static List<ChallengeResponse> parse(String stored) {
            return stored.isEmpty() ? List.of() : Arrays.stream(stored.split(SEPARATOR)).map(code -> {
                int colon = code.indexOf(':');
                return new ChallengeResponse(code.substring(0, colon), code.substring(colon + 1));
            }).toList();
        }
    }
}
