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

    /** How a code reaches this attribute. */
    public Channel channel() {
        return this == PHONE_NUMBER ? Channel.SMS : Channel.EMAIL;
    }

    /** The attribute a code sent over this channel went to. */
    public static Contact over(Channel channel) {
        return channel == Channel.SMS ? PHONE_NUMBER : EMAIL;
    }
}
