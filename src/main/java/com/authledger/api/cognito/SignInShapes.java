package com.authledger.api.cognito;

import com.authledger.signin.SignInOutcome;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * The output shapes of Cognito's sign-in and self-service operations, as {@link CognitoJson} writes them. Shapes that
 * hold tokens, sessions or secrets never show them in {@code toString}.
 */
final class SignInShapes {

    private SignInShapes() {
    }

    /** AuthenticationResultType. */
    record AuthenticationResult(String accessToken, long expiresIn, String tokenType, String refreshToken,
                                String idToken) {
        @Override
        public String toString() {
            return "AuthenticationResult[redacted, expiresIn=" + expiresIn + "]";
        }
    }

    /** (Admin)InitiateAuthResponse and (Admin)RespondToAuthChallengeResponse: the next challenge, or tokens. */
    record AuthResponse(String challengeName, String session, Map<String, String> challengeParameters,
                        AuthenticationResult authenticationResult) {

        static AuthResponse of(SignInOutcome outcome) {
            if (outcome.tokens() != null) {
                var issued = outcome.tokens().issued();
                return new AuthResponse(null, null, Map.of(), new AuthenticationResult(issued.accessToken(),
                        issued.expiresIn(), "Bearer", outcome.tokens().refreshToken(), issued.idToken()));
            }
            return new AuthResponse(outcome.challenge().name(), outcome.session(), outcome.parameters(), null);
        }

        @Override
        public String toString() {
            return "AuthResponse[" + (challengeName != null ? challengeName + ", session redacted"
                    : authenticationResult) + "]";
        }
    }

    /** AssociateSoftwareTokenResponse: the secret, and the next session when the call was made with one. */
    record AssociateSoftwareTokenResponse(String secretCode, String session) {
        @Override
        public String toString() {
            return "AssociateSoftwareTokenResponse[redacted]";
        }
    }

    /** VerifySoftwareTokenResponse. */
    record VerifySoftwareTokenResponse(String status, String session) {
        @Override
        public String toString() {
            return "VerifySoftwareTokenResponse[" + status + ", redacted]";
        }
    }

    /** AttributeType. */
    record Attribute(String name, String value) {
    }

    /** GetUserResponse. */
    record GetUserResponse(String username, List<Attribute> userAttributes,
                           @JsonProperty("PreferredMfaSetting") String preferredMfaSetting,
                           @JsonProperty("UserMFASettingList") List<String> userMfaSettingList) {
    }
}
