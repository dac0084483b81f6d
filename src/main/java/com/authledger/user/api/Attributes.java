package com.authledger.user.api;

import com.authledger.shared.InvalidInput;

import java.util.regex.Pattern;

/**
 * The standard attributes a user has here: name, email and phone number (E.164). In an update a null leaves a value
 * as it is and an empty string removes it. {@code emailVerified} / {@code phoneNumberVerified}: an admin vouching
 * for the value (Cognito's email_verified / phone_number_verified attributes); never accepted from the user.
 */
public record Attributes(String name, String email, String phoneNumber, Boolean emailVerified,
                         Boolean phoneNumberVerified) {

    public static final Attributes NONE = new Attributes(null, null, null, null, null);
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,253}\\.[^@\\s.]{1,63}");

    public Attributes validate() {
        if (name != null && !name.isEmpty()) {
            InvalidInput.requireLength("name", name, 1, 256);
            requirePrintable("name", name);
        }
        if (email != null && !email.isEmpty()) {
            InvalidInput.requireLength("email", email, 3, 256);
            if (!EMAIL.matcher(email).matches()) {
                throw new InvalidInput("email", "must be an email address");
            }
        }
        if (phoneNumber != null && !phoneNumber.isEmpty() && !E164.matcher(phoneNumber).matches()) {
            throw new InvalidInput("phoneNumber", "must be in E.164 form: + and 2 to 15 digits");
        }
        if (Boolean.TRUE.equals(emailVerified) && (email == null || email.isEmpty())) {
            throw new InvalidInput("emailVerified", "needs the email it vouches for");
        }
        if (Boolean.TRUE.equals(phoneNumberVerified) && (phoneNumber == null || phoneNumber.isEmpty())) {
            throw new InvalidInput("phoneNumberVerified", "needs the phone number it vouches for");
        }
        return this;
    }

    @Override
    public String toString() {
        return "Attributes[redacted]";
    }

    public String value(Contact contact) {
        return contact == Contact.PHONE_NUMBER ? phoneNumber : email;
    }

    public boolean vouched(Contact contact) {
        return Boolean.TRUE.equals(contact == Contact.PHONE_NUMBER ? phoneNumberVerified : emailVerified);
    }

    static void requirePrintable(String field, String value) {
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidInput(field, "must not hold control characters");
        }
    }
}
