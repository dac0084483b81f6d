package com.authledger.pool;

import com.authledger.shared.InvalidInput;

import java.util.List;

/**
 * Which attributes the pool verifies automatically, and the messages the verification codes are sent in.
 * Verifying a phone number sends an SMS, so it too needs the pool's SMS sender.
 */
public record VerificationSettings(List<String> autoVerifiedAttributes, String smsMessage, String emailMessage) {

    public static final String PHONE_NUMBER = "phone_number";
    public static final String EMAIL = "email";
    public static final String DEFAULT_SMS_MESSAGE = "Your verification code is {####}.";
    public static final String DEFAULT_EMAIL_MESSAGE = "Your verification code is {####}.";

    public VerificationSettings {
        autoVerifiedAttributes = autoVerifiedAttributes == null ? List.of()
                : autoVerifiedAttributes.stream().map(a -> InvalidInput.require("verification.autoVerifiedAttributes", a))
                        .sorted().distinct().toList();
        smsMessage = smsMessage == null ? DEFAULT_SMS_MESSAGE : smsMessage;
        emailMessage = emailMessage == null ? DEFAULT_EMAIL_MESSAGE : emailMessage;
    }

    public static VerificationSettings of(List<String> autoVerifiedAttributes, String smsMessage,
                                          String emailMessage) {
        return new VerificationSettings(autoVerifiedAttributes, smsMessage, emailMessage).validate();
    }

    /** Checked as submitted; stored values are trusted when read back. */
    public VerificationSettings validate() {
        for (String attribute : autoVerifiedAttributes) {
            if (!PHONE_NUMBER.equals(attribute) && !EMAIL.equals(attribute)) {
                throw new InvalidInput("verification.autoVerifiedAttributes", "may only hold phone_number and email");
            }
        }
        SmsMfa.smsTemplate("verification.smsMessage", smsMessage);
        InvalidInput.requireLength("verification.emailMessage", emailMessage, 6, 20000);
        if (!emailMessage.contains(SmsMfa.CODE_PLACEHOLDER)) {
            throw new InvalidInput("verification.emailMessage", "must contain the code placeholder {####}");
        }
        Text.requireNoControlCharacters("verification.emailMessage", emailMessage);
        return this;
    }

    public static VerificationSettings defaults() {
        return new VerificationSettings(List.of(), null, null);
    }

    public boolean verifiesPhoneNumbers() {
        return autoVerifiedAttributes.contains(PHONE_NUMBER);
    }
}
