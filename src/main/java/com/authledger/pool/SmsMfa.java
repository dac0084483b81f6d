package com.authledger.pool;

import com.authledger.shared.InvalidInput;

/**
 * SMS as a second factor: whether the pool offers it and the text the code is sent in. The template is kept while
 * SMS is disabled, so that switching it back on restores the pool's wording; a change that gives no template keeps
 * the pool's current one (a new pool gets {@link #DEFAULT_MESSAGE}).
 *
 * @param message null in a command that leaves the template as it is
 */
public record SmsMfa(boolean enabled, String message) {

    public static final String DEFAULT_MESSAGE = "Your authentication code is {####}.";
    public static final String CODE_PLACEHOLDER = "{####}";

    public static SmsMfa disabled() {
        return new SmsMfa(false, null);
    }

    /** Checked as submitted; stored values are trusted when read back (a later, stricter rule must not lock them). */
    public static SmsMfa of(boolean enabled, String message) {
        return new SmsMfa(enabled, message).validate();
    }

    public SmsMfa validate() {
        if (message != null) {
            smsTemplate("smsMfa.message", message);
        }
        return this;
    }

    SmsMfa withMessageOrElse(String fallback) {
        return message != null ? this : new SmsMfa(enabled, fallback);
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
