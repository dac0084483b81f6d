package com.authledger.api.cognito;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An operation's input shape, read member by member with Cognito's constraints. A JSON type that does not fit is a
 * {@code SerializationException}; a missing, too long, too short or ill-formed member an
 * {@code InvalidParameterException} in AWS's validation wording ("1 validation error detected: Value at 'userPoolId'
 * failed to satisfy constraint: Member must not be null"), except that the value is never echoed. A JSON null counts
 * as absent, as AWS SDKs omit unset members; members this service does not know are ignored, as Cognito's are.
 */
public final class Input {

    private static final ObjectMapper PARSER = new ObjectMapper();

    private final ObjectNode node;
    private final String path;

    private Input(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The body of a request: an empty body is an empty input, anything but a JSON object a SerializationException. */
    public static Input parse(byte[] body) {
        if (body == null || body.length == 0) {
            return new Input(PARSER.createObjectNode(), "");
        }
        JsonNode tree;
        try {
            tree = PARSER.readTree(body);
        } catch (JsonProcessingException malformed) {
            throw CognitoError.serialization("The request body is not well-formed JSON.");
        } catch (IOException unreadable) {
            throw CognitoError.serialization("The request body could not be read.");
        }
        if (tree == null || tree.isMissingNode()) {
            return new Input(PARSER.createObjectNode(), "");
        }
        if (!(tree instanceof ObjectNode object)) {
            throw CognitoError.serialization("The request body must be a JSON object.");
        }
        return new Input(object, "");
    }

    /** For tests and for handlers that build an input from a nested JSON value. */
    public static Input of(ObjectNode node) {
        return new Input(node, "");
    }

    public boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    // ---- strings

    public String string(String name) {
        return require(name, optString(name));
    }

    public String string(String name, int min, int max) {
        return require(name, optString(name, min, max));
    }

    public String string(String name, int min, int max, Pattern pattern) {
        return require(name, optString(name, min, max, pattern));
    }

    public String optString(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(name, "a string");
        }
        return value.textValue();
    }

    public String optString(String name, int min, int max) {
        String value = optString(name);
        if (value != null) {
            int length = value.codePointCount(0, value.length());
            if (length < min) {
                throw invalid(name, "Member must have length greater than or equal to " + min);
            }
            if (length > max) {
                throw invalid(name, "Member must have length less than or equal to " + max);
            }
        }
        return value;
    }

    public String optString(String name, int min, int max, Pattern pattern) {
        String value = optString(name, min, max);
        if (value != null && !pattern.matcher(value).matches()) {
            throw invalid(name, "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
        return value;
    }

    /** An enum member: its value must be one of {@code allowed}, spelled exactly. */
    public <E extends Enum<E>> E optEnum(String name, Class<E> type) {
        String value = optString(name);
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw invalid(name, "Member must satisfy enum value set: " + Arrays.toString(type.getEnumConstants()));
    }

    public <E extends Enum<E>> E enumValue(String name, Class<E> type) {
        return require(name, optEnum(name, type));
    }

    // ---- scalars

    public Boolean optBoolean(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw wrongType(name, "a boolean");
        }
        return value.booleanValue();
    }

    public Integer optInt(String name, int min, int max) {
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw wrongType(name, "an integer");
        }
        int number = value.intValue();
        if (number < min) {
            throw invalid(name, "Member must have value greater than or equal to " + min);
        }
        if (number > max) {
            throw invalid(name, "Member must have value less than or equal to " + max);
        }
        return number;
    }

    // ---- structures, lists and maps

    public Input object(String name) {
        return require(name, optObject(name));
    }

    public Input optObject(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof ObjectNode object)) {
            throw wrongType(name, "a structure");
        }
        return new Input(object, memberPath(name) + ".");
    }

    public List<Input> optObjectList(String name, int maxItems) {
        JsonNode value = list(name, maxItems);
        if (value == null) {
            return null;
        }
        List<Input> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            if (!(value.get(i) instanceof ObjectNode object)) {
                throw wrongType(name, "a list of structures");
            }
            items.add(new Input(object, memberPath(name) + "." + (i + 1) + "."));
        }
        return items;
    }

    public List<String> optStringList(String name, int maxItems) {
        JsonNode value = list(name, maxItems);
        if (value == null) {
            return null;
        }
        List<String> items = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw wrongType(name, "a list of strings");
            }
            items.add(item.textValue());
        }
        return Collections.unmodifiableList(items);
    }

    /** A map of strings to strings (AuthParameters, ChallengeResponses, ClientMetadata). */
    public Map<String, String> optStringMap(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof ObjectNode object)) {
            throw wrongType(name, "a map of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        var fields = object.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (field.getValue().isNull()) {
                continue;
            }
            if (!field.getValue().isTextual()) {
                throw wrongType(name, "a map of strings");
            }
            map.put(field.getKey(), field.getValue().textValue());
        }
        return Collections.unmodifiableMap(map);
    }

    private JsonNode list(String name, int maxItems) {
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw wrongType(name, "a list");
        }
        if (value.size() > maxItems) {
            throw invalid(name, "Member must have length less than or equal to " + maxItems);
        }
        return value;
    }

    // ---- errors

    /** AWS's validation wording for a member that breaks a rule, without the value. */
    public CognitoError invalid(String name, String constraint) {
        return CognitoError.invalidParameter("1 validation error detected: Value at '" + memberPath(name)
                + "' failed to satisfy constraint: " + constraint);
    }

    private <T> T require(String name, T value) {
        if (value == null) {
            throw invalid(name, "Member must not be null");
        }
        return value;
    }

    private CognitoError wrongType(String name, String expected) {
        return CognitoError.serialization("The value at '" + memberPath(name) + "' must be " + expected + ".");
    }

    private JsonNode value(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    /** AWS names members in messages with a lower-case first letter: 'userPoolId', 'smsConfiguration.snsCallerArn'. */
    private String memberPath(String name) {
        return path + (name.isEmpty() ? name : name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1));
    }
}
