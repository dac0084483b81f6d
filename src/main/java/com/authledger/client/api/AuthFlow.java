package com.authledger.client.api;

import com.authledger.shared.InvalidInput;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The sign-in flows an app client may use (Cognito's ExplicitAuthFlows, without the custom flow). */
public enum AuthFlow {
    ALLOW_USER_SRP_AUTH,
    ALLOW_USER_PASSWORD_AUTH,
    ALLOW_ADMIN_USER_PASSWORD_AUTH,
    ALLOW_REFRESH_TOKEN_AUTH;

    static final String FIELD = "explicitAuthFlows";

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
}
