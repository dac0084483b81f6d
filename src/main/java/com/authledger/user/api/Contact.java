package com.authledger.user.api;

/** The user's contact attributes, with Cognito's attribute names. */
public enum Contact {
    PHONE_NUMBER("phone_number"), EMAIL("email");

    private final String attribute;

    Contact(String attribute) {
        this.attribute = attribute;
    }

    public String attribute() {
        return attribute;
    }
}
