package dev.examsessions.web.dto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.examsessions.web.error.WebError;
import dev.examsessions.web.error.WebException;

/** Strict readers for request fields: no coercion, and a message that says what to send instead. */
final class Fields {
    private Fields() {
    }

    static WebException bad(String message) {
        return new WebException(WebError.BAD_REQUEST, message);
    }

    static JsonNode require(JsonNode body, String name, String example) {
        JsonNode node = body.get(name);
        if (node == null) {
            throw bad("Field '" + name + "' is required, e.g. " + example + ".");
        }
        return node;
    }

    static String requireText(JsonNode body, String name, String example) {
        JsonNode node = require(body, name, example);
        if (!node.isTextual()) {
            throw bad("Field '" + name + "' must be a string, not " + describe(node) + ", e.g. " + example + ".");
        }
        return node.textValue();
    }

    static String optionalText(JsonNode body, String name, String example) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw bad("Field '" + name + "' must be a string, not " + describe(node) + ", e.g. " + example + ".");
        }
        return node.textValue();
    }

    static Integer optionalInt(JsonNode body, String name, String example) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        return asInt(node, name, example);
    }

    static int requireInt(JsonNode body, String name, String example) {
        JsonNode node = require(body, name, example);
        if (node.isNull()) {
            throw bad("Field '" + name + "' must be a whole number, not null, e.g. " + example + ".");
        }
        return asInt(node, name, example);
    }

    static boolean requireBoolean(JsonNode body, String name, String example) {
        JsonNode node = require(body, name, example);
        if (!node.isBoolean()) {
            throw bad("Field '" + name + "' must be true or false, not " + describe(node) + ", e.g. " + example + ".");
        }
        return node.booleanValue();
    }

    private static int asInt(JsonNode node, String name, String example) {
        if (!node.isIntegralNumber()) {
            throw bad("Field '" + name + "' must be a whole number, not " + describe(node) + ", e.g. " + example + ".");
        }
        if (!node.canConvertToInt()) {
            // Well-formed but beyond int: out of every allowed range, which the rule then refuses (422).
            return node.bigIntegerValue().signum() < 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        }
        return node.intValue();
    }

    static String describe(JsonNode node) {
        if (node.isNull()) {
            return "null";
        } else if (node.isTextual()) {
            return "a string";
        } else if (node.isBoolean()) {
            return "a boolean";
        } else if (node.isNumber()) {
            return node.isIntegralNumber() ? "an integer" : "a decimal number";
        } else if (node.isArray()) {
            return "an array";
        } else if (node.isObject()) {
            return "an object";
        }
        return "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
