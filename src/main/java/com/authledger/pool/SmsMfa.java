package com.authledger.pool;

import com.authledger.shared.InvalidInput;

/**
 * SMS as a second factor: whether the pool offers it and the text the code is sent in. The template is kept even
 * while SMS is disabled, so that switching it back on restores the pool's wording.
 */
public record SmsMfa(boolean enabled, String message) {

    public static final String DEFAULT_MESSAGE = "Your authentication code is {####}.";
    public static final String CODE_PLACEHOLDER = "{####}";

    public SmsMfa {
        message = message == null ? DEFAULT_MESSAGE : smsTemplate("smsMfa.message", message);
    }

    public static SmsMfa disabled() {
        return new SmsMfa(false, null);
    }

    /** Cognito's SmsAuthenticationMessage rule: 6 to 140 characters holding the {####} placeholder. */
    static String smsTemplate(String field, String template) {
        InvalidInput.requireLength(field, template, 6, 140);
        if (!template.contains(CODE_PLACEHOLDER)) {
            throw new InvalidInput(field, "must contain the code placeholder " + CODE_PLACEHOLDER);
        }
        Text.requireNoControlCharacters(field, template);
        return template;
    }
}
