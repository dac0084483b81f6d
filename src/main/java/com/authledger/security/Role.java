package com.authledger.security;

/** What an API key may do: an admin everything, an auditor only read (queries, audit history, exports). */
public enum Role {
    ADMIN, AUDITOR;

    public String authority() {
        return "ROLE_" + name();
    }
}
