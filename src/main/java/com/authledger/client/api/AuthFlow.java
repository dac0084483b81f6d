package com.authledger.client.api;

import com.authledger.shared.InvalidInput;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** The sign-in flows an app client may use (Cognito's ExplicitAuthFlows, without the custom flow). */
public enum AuthFlow {
    ALLOW_USER_SRP_AUTH,
    ALLOW_USER_PASSWORD_AUTH,
    ALLOW_ADMIN_USER_PASSWORD_AUTH,
    ALLOW_REFRESH_TOKEN_AUTH;

    static final String FIELD = "explicitAuthFlows";

    /**
     * The flows a sign-in may ask for, by the names InitiateAuth gives them (Cognito's AuthFlowType, older names
     * included), and the client's flow each needs. Cognito's other flows (CUSTOM_AUTH, USER_AUTH) are not answered.
     */
    private static final Map<String, AuthFlow> REQUESTABLE = Map.of(
            "USER_SRP_AUTH", ALLOW_USER_SRP_AUTH,
            "USER_PASSWORD_AUTH", ALLOW_USER_PASSWORD_AUTH,
            "ADMIN_USER_PASSWORD_AUTH", ALLOW_ADMIN_USER_PASSWORD_AUTH,
            "ADMIN_NO_SRP_AUTH", ALLOW_ADMIN_USER_PASSWORD_AUTH,
            "REFRESH_TOKEN_AUTH", ALLOW_REFRESH_TOKEN_AUTH,
            "REFRESH_TOKEN", ALLOW_REFRESH_TOKEN_AUTH);

    /** The flow with this exact name, or an {@link InvalidInput} naming the field and the accepted names. */
    public static AuthFlow parse(String name) {
        if (name == null) {
            throw new InvalidInput(FIELD, "must not contain null");
        }
        for (AuthFlow flow : values()) {
            if (flow.name().equals(name)) {
                return flow;
            }
        }
        throw new InvalidInput(FIELD, "may only contain " + Arrays.stream(values()).map(Enum::name)
                .collect(Collectors.joining(", ")));
    }

    /** Whether a sign-in may ask for the flow of this name at all (whichever client it goes through). */
    public static boolean answers(String requested) {
        return requested != null && REQUESTABLE.containsKey(requested);
    }

    /**
     * The client's flow that a sign-in asking for {@code requested} needs, or an {@link InvalidInput} naming
     * {@code authFlow}. The admin flow is for the host service acting as administrator ({@code admin}) only: an end
     * user's app must prove the password itself.
     */
    public static AuthFlow requested(String requested, boolean admin) {
        InvalidInput.require("authFlow", requested);
        AuthFlow flow = REQUESTABLE.get(requested);
        if (flow == null) {
            throw new InvalidInput("authFlow", "must be USER_SRP_AUTH, USER_PASSWORD_AUTH, "
                    + "ADMIN_USER_PASSWORD_AUTH or REFRESH_TOKEN_AUTH");
        }
        if (flow == ALLOW_ADMIN_USER_PASSWORD_AUTH && !admin) {
            throw new InvalidInput("authFlow", "ADMIN_USER_PASSWORD_AUTH is for AdminInitiateAuth only");
        }
        return flow;
    }
}
