package dev.examsessions.adapter.files;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a JSON document (file or bundled resource) and reports every problem naming the document. */
final class JsonDocuments {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonDocuments() {
    }

    /** A parsed document and how to name it in messages, e.g. {@code question bank file /etc/bank.json}. */
    record Document(String description, JsonNode root) {
        IllegalArgumentException invalid(String problem) {
            return new IllegalArgumentException("Invalid " + description + ": " + problem);
        }
    }

    static Document readFile(Path path, String kind) {
        String description = kind + " file " + path;
        try (InputStream in = Files.newInputStream(path)) {
            return parse(in, description);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Cannot read " + description + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + description + ": " + e.getMessage(), e);
        }
    }

    static Document readResource(String name, String kind) {
        String description = "bundled " + kind + " classpath:" + name;
        try (InputStream in = JsonDocuments.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("Cannot read " + description + ": not on the classpath");
            }
            return parse(in, description);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + description + ": " + e.getMessage(), e);
        }
    }

    private static Document parse(InputStream in, String description) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new IllegalArgumentException("Invalid " + description + ": not valid JSON" + where + ": "
                    + e.getOriginalMessage(), e);
        }
        Document doc = new Document(description, root);
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw doc.invalid("the document must be a JSON object");
        }
        return doc;
    }

    /** A required non-blank string field. */
    static String text(Document doc, JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw doc.invalid(where + ": missing " + field);
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw doc.invalid(where + ": " + field + " must be a non-blank string");
        }
        return v.asText();
    }

    /** An optional string field: null when absent, null or blank. */
    static String optionalText(Document doc, JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw doc.invalid(where + ": " + field + " must be a string");
        }
        return v.asText().isBlank() ? null : v.asText();
    }

    /** A required integer field at least {@code min}. */
    static long integer(Document doc, JsonNode node, String field, String where, long min) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw doc.invalid(where + ": missing " + field);
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw doc.invalid(where + ": " + field + " must be an integer, not " + v);
        }
        if (v.asLong() < min) {
            throw doc.invalid(where + ": " + field + " must be at least " + min + ", not " + v.asLong());
        }
        return v.asLong();
    }

    /** A required array field. */
    static JsonNode array(Document doc, JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw doc.invalid(where + ": missing " + field);
        }
        if (!v.isArray()) {
            throw doc.invalid(where + ": " + field + " must be an array");
        }
        return v;
    }
}
