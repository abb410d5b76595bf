package io.writeback.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.lang3.StringUtils;

/**
 * Reads the JSON a producer sent (a shipment or an inventory event): a bounded object, and its fields checked one by
 * one. Every refusal is {@code INVALID_MESSAGE} with a reason that names the field and quotes (a printable part of)
 * what was sent. Unknown extra fields are ignored.
 */
public final class EventJson {

    /** 1 to 64 characters, no control characters: ids, names, codes. */
    public static final Pattern IDENTIFIER = Pattern.compile("[^\\p{Cntrl}]{1,64}");
    public static final String IDENTIFIER_RULE = "1 to 64 characters, no control characters";
    /** How much of a value a producer sent the reason quotes. */
    private static final int QUOTED = 40;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build());
    }

    private EventJson() {
    }

    /**
     * The body as a JSON object; {@code what} names the event in the reasons ("a shipment event"), {@code limit} the
     * property that bounds its size.
     */
    public static JsonNode readObject(String body, String what, int maxBytes, String limit) {
        if (body == null || body.isBlank()) {
            throw invalid("Message body is empty: expected " + what + " as a JSON object");
        }
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw invalid("Message is " + bytes + " bytes; " + what + " may be at most " + maxBytes + " bytes ("
                    + limit + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw invalid("Message is not valid JSON: " + e.getOriginalMessage() + where);
        }
        if (root == null || !root.isObject()) {
            throw invalid("Message must be a JSON object with " + what + "'s fields");
        }
        return root;
    }

    /** The body as JSON for a best-effort look at it (identifying a message that did not parse), or null. */
    public static JsonNode readLeniently(String body) {
        try {
            return body == null ? null : JSON.readTree(body);
        } catch (JsonProcessingException | RuntimeException notJson) {
            return null;
        }
    }

    public static String requiredText(JsonNode node, String field, Pattern pattern, String expected) {
        return Optional.ofNullable(optionalText(node, field, pattern, expected))
                .orElseThrow(() -> invalid("Field '" + field + "' is required"));
    }

    /** {@code field} is how the reason names it: a path such as {@code items[2].sku} where it is nested. */
    public static String optionalText(JsonNode node, String field, Pattern pattern, String expected) {
        JsonNode value = node.get(field.substring(field.lastIndexOf('.') + 1));
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid("Field '" + field + "' must be a string, got " + describe(value));
        }
        String text = value.asText();
        if (!pattern.matcher(text).matches()) {
            throw invalid("Field '" + field + "' must be " + expected + ", got \"" + printable(text, QUOTED) + "\"");
        }
        return text;
    }

    public static Boolean optionalBoolean(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw invalid("Field '" + field + "' must be true or false, got " + describe(value));
        }
        return value.booleanValue();
    }

    /**
     * A list field: present, an array, not empty, at most {@code max} entries. {@code holds} says what it holds
     * (for a missing field), {@code whenEmpty} why it may not be empty, {@code limit} the property that sets the
     * maximum.
     */
    public static JsonNode requiredArray(JsonNode root, String field, String holds, String whenEmpty, int max,
                                         String limit) {
        JsonNode array = root.get(field);
        if (array == null || array.isNull()) {
            throw invalid("Field '" + field + "' is required: " + holds);
        }
        if (!array.isArray()) {
            throw invalid("Field '" + field + "' must be an array, got " + describe(array));
        }
        if (array.isEmpty()) {
            throw invalid("Field '" + field + "' is empty: " + whenEmpty);
        }
        if (array.size() > max) {
            throw invalid("Field '" + field + "' has " + array.size() + " entries; at most " + max
                    + " are accepted (" + limit + ")");
        }
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isObject()) {
                throw invalid("Field '" + field + "[" + i + "]' must be an object, got " + describe(array.get(i)));
            }
        }
        return array;
    }

    /** A whole number from {@code min} to {@code max}; {@code path} names the field in the reason. */
    public static int requiredInt(JsonNode node, String path, int min, int max) {
        JsonNode value = node.get(path.substring(path.lastIndexOf('.') + 1));
        if (value == null || value.isNull()) {
            throw invalid("Field '" + path + "' is required");
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalid("Field '" + path + "' must be an integer, got " + describe(value));
        }
        if (value.intValue() < min || value.intValue() > max) {
            throw invalid("Field '" + path + "' must be between " + min + " and " + max + ", got "
                    + value.intValue());
        }
        return value.intValue();
    }

    /** The field's text when it is a string matching {@code pattern}, else null (never a failure). */
    public static String identifier(JsonNode root, String field, Pattern pattern) {
        JsonNode value = root == null ? null : root.get(field);
        return value != null && value.isTextual() && pattern.matcher(value.asText()).matches() ? value.asText() : null;
    }

    public static String describe(JsonNode value) {
        return value.getNodeType().name().toLowerCase(Locale.ROOT) + " " + printable(value.toString(), QUOTED);
    }

    /** A value a producer sent, as a reason quotes it: control characters as '?', at most {@code max} of it. */
    public static String printable(String text, int max) {
        return StringUtils.abbreviate(text.replaceAll("\\p{Cntrl}", "?"), "…", max + 1);
    }

    public static String quoted(String text) {
        return "\"" + printable(text, QUOTED) + "\"";
    }

    public static WritebackFailure invalid(String reason) {
        return new WritebackFailure(FailureCategory.INVALID_MESSAGE, reason);
    }
}
