package com.authledger.client.api;

import com.authledger.shared.InvalidInput;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An app client's settings (Cognito's UserPoolClientType, without OAuth): its name, how long its tokens and sign-in
 * sessions last, in minutes, and the sign-in flows it may use. The constructor only normalises (the flows become a
 * sorted list without duplicates) so that stored events always read back; {@link #validate()} applies the ranges.
 */
public record AppClientSettings(String name, int accessTokenValidityMinutes, int idTokenValidityMinutes,
                                int refreshTokenValidityMinutes, int authSessionValidityMinutes,
                                List<AuthFlow> explicitAuthFlows) {

    public static final int NAME_MAX_LENGTH = 128;
    /** Cognito's ClientName pattern. */
    private static final Pattern NAME = Pattern.compile("[\\w\\s+=,.@-]+", Pattern.UNICODE_CHARACTER_CLASS);

    /** Access and ID tokens: 5 minutes to 1 day, 1 hour by default. */
    public static final int TOKEN_MIN = 5;
    public static final int TOKEN_MAX = 24 * 60;
    public static final int TOKEN_DEFAULT = 60;
    /** Refresh tokens: 60 minutes to 10 years (3650 days), 30 days by default. */
    public static final int REFRESH_MIN = 60;
    public static final int REFRESH_MAX = 3650 * 24 * 60;
    public static final int REFRESH_DEFAULT = 30 * 24 * 60;
    /** The session of a sign-in between its challenges: 3 to 15 minutes, 3 by default. */
    public static final int SESSION_MIN = 3;
    public static final int SESSION_MAX = 15;
    public static final int SESSION_DEFAULT = 3;
    /** What Cognito gives a client created without explicit flows (less its custom flow). */
    public static final List<AuthFlow> DEFAULT_FLOWS = List.of(AuthFlow.ALLOW_USER_SRP_AUTH,
            AuthFlow.ALLOW_REFRESH_TOKEN_AUTH);

    public AppClientSettings {
        Set<AuthFlow> flows = EnumSet.noneOf(AuthFlow.class);
        if (explicitAuthFlows != null) {
            flows.addAll(explicitAuthFlows);
        }
        explicitAuthFlows = List.copyOf(flows);
    }

    /**
     * Settings from a request: a null validity or flow list takes the default.
     *
     * @param explicitAuthFlows flow names, each checked by {@link AuthFlow#parse}
     */
    public static AppClientSettings of(String name, Integer accessTokenValidityMinutes,
                                       Integer idTokenValidityMinutes, Integer refreshTokenValidityMinutes,
                                       Integer authSessionValidityMinutes, List<String> explicitAuthFlows) {
        return new AppClientSettings(name,
                orDefault(accessTokenValidityMinutes, TOKEN_DEFAULT),
                orDefault(idTokenValidityMinutes, TOKEN_DEFAULT),
                orDefault(refreshTokenValidityMinutes, REFRESH_DEFAULT),
                orDefault(authSessionValidityMinutes, SESSION_DEFAULT),
                explicitAuthFlows == null ? DEFAULT_FLOWS
                        : explicitAuthFlows.stream().map(AuthFlow::parse).toList()).validate();
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    public AppClientSettings validate() {
        InvalidInput.requireLength("name", name, 1, NAME_MAX_LENGTH);
        if (!NAME.matcher(name).matches()) {
            throw new InvalidInput("name", "may only contain letters, digits, spaces and + = , . @ _ -");
        }
        range("accessTokenValidityMinutes", accessTokenValidityMinutes, TOKEN_MIN, TOKEN_MAX);
        range("idTokenValidityMinutes", idTokenValidityMinutes, TOKEN_MIN, TOKEN_MAX);
        range("refreshTokenValidityMinutes", refreshTokenValidityMinutes, REFRESH_MIN, REFRESH_MAX);
        range("authSessionValidityMinutes", authSessionValidityMinutes, SESSION_MIN, SESSION_MAX);
        return this;
    }

    private static void range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidInput(field, "must be between " + min + " and " + max + " minutes");
        }
    }

    public boolean allows(AuthFlow flow) {
        return explicitAuthFlows.contains(flow);
    }
}
