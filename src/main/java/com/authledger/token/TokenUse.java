package com.authledger.token;

/** Cognito's {@code token_use} claim. */
public enum TokenUse {
    ID("id"),
    ACCESS("access");

    private final String claim;

    TokenUse(String claim) {
        this.claim = claim;
    }

    public String claim() {
        return claim;
    }
}
