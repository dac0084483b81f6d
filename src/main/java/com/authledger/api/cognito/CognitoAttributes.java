package com.authledger.api.cognito;

import com.authledger.user.api.Attributes;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cognito's user attributes ({@code UserAttributes: [{"Name", "Value"}]}) and the service's {@link Attributes}: the
 * standard attributes it stores are {@code name}, {@code email}, {@code email_verified}, {@code phone_number} and
 * {@code phone_number_verified}; {@code sub} is read-only. Any other attribute (custom ones included) is refused
 * with InvalidParameterException, and no message echoes a submitted name or value.
 */
public final class CognitoAttributes {

    public static final String SUB = "sub";
    public static final String NAME = "name";
    public static final String EMAIL = "email";
    public static final String EMAIL_VERIFIED = "email_verified";
    public static final String PHONE_NUMBER = "phone_number";
    public static final String PHONE_NUMBER_VERIFIED = "phone_number_verified";

    /** Cognito's AttributeNameType and AttributeValueType constraints. */
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
    private static final int MAX_ATTRIBUTES = 100;

    private CognitoAttributes() {
    }

    /**
     * The {@code UserAttributes} member (or another of the same shape) as Attributes; {@link Attributes#NONE} when
     * absent. An empty value removes an attribute, as in the REST API.
     */
    public static Attributes read(Input input, String member) {
        List<Input> items = input.optObjectList(member, MAX_ATTRIBUTES);
        if (items == null) {
            return Attributes.NONE;
        }
        String name = null;
        String email = null;
        String phoneNumber = null;
        Boolean emailVerified = null;
        Boolean phoneNumberVerified = null;
        Set<String> seen = new HashSet<>();
        for (Input item : items) {
            String attribute = item.string("Name", 1, 32, ATTRIBUTE_NAME);
            String value = item.string("Value", 0, 2048);
            if (!seen.add(attribute)) {
                throw CognitoError.invalidParameter(member + " names an attribute twice.");
            }
            switch (attribute) {
                case NAME -> name = value;
                case EMAIL -> email = value;
                case PHONE_NUMBER -> phoneNumber = value;
                case EMAIL_VERIFIED -> emailVerified = flag(member, EMAIL_VERIFIED, value);
                case PHONE_NUMBER_VERIFIED -> phoneNumberVerified = flag(member, PHONE_NUMBER_VERIFIED, value);
                case SUB -> throw CognitoError.invalidParameter("The attribute sub cannot be written.");
                default -> throw CognitoError.invalidParameter(member + " holds an attribute this service does not "
                        + "store: only " + NAME + ", " + EMAIL + ", " + EMAIL_VERIFIED + ", " + PHONE_NUMBER + " and "
                        + PHONE_NUMBER_VERIFIED + " can be written.");
            }
        }
        return new Attributes(name, email, phoneNumber, emailVerified, phoneNumberVerified);
    }

    private static Boolean flag(String member, String attribute, String value) {
        return switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw CognitoError.invalidParameter("The attribute " + attribute + " in " + member
                    + " must be \"true\" or \"false\".");
        };
    }
}
