package com.authledger.user;

import com.authledger.user.api.Contact;

/** A user's phone number and email address, each with its verification. */
record Contacts(ContactState phoneNumber, ContactState email) {

    static final Contacts NONE = new Contacts(ContactState.NONE, ContactState.NONE);

    ContactState of(Contact contact) {
        return contact == Contact.PHONE_NUMBER ? phoneNumber : email;
    }

    Contacts with(Contact contact, ContactState state) {
        return contact == Contact.PHONE_NUMBER ? new Contacts(state, email) : new Contacts(phoneNumber, state);
    }
}
