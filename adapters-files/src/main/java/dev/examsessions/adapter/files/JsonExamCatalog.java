package dev.examsessions.adapter.files;

import com.fasterxml.jackson.databind.JsonNode;
import dev.examsessions.adapter.files.JsonDocuments.Document;
import dev.examsessions.domain.port.ExamCatalog;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.PausePolicy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The exam types offered, read from a JSON document (format in README). */
public final class JsonExamCatalog implements ExamCatalog {
    public static final String BUNDLED_RESOURCE = "sample-exam-catalog.json";
    private static final String KIND = "exam catalog";

    private final List<ExamType> types;

    private JsonExamCatalog(List<ExamType> types) {
        this.types = List.copyOf(types);
    }

    /** The sample catalog shipped with the service ({@code pmp} and {@code pmp-quick}). */
    public static JsonExamCatalog bundled() {
        return parse(JsonDocuments.readResource(BUNDLED_RESOURCE, KIND));
    }

    /** @throws IllegalArgumentException naming the file and the problem when it cannot be read or is invalid */
    public static JsonExamCatalog fromFile(Path file) {
        return parse(JsonDocuments.readFile(file, KIND));
    }

    @Override
    public List<ExamType> types() {
        return types;
    }

    private static JsonExamCatalog parse(Document doc) {
        JsonNode list = JsonDocuments.array(doc, doc.root(), "examTypes", "the document");
        if (list.isEmpty()) {
            throw doc.invalid("examTypes is empty");
        }
        List<ExamType> types = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode t = list.get(i);
            String at = "examTypes[" + i + "]";
            if (!t.isObject()) {
                throw doc.invalid(at + " must be an object");
            }
            String id = JsonDocuments.text(doc, t, "examType", at);
            if (!ids.add(id)) {
                throw doc.invalid("duplicate exam type '" + id + "' (" + at + ")");
            }
            at = at + " ('" + id + "')";
            String title = JsonDocuments.text(doc, t, "title", at);
            int questionCount = (int) Math.min(Integer.MAX_VALUE, JsonDocuments.integer(doc, t, "questionCount", at, 1));
            int durationMinutes = (int) Math.min(Integer.MAX_VALUE, JsonDocuments.integer(doc, t, "durationMinutes", at, 1));
            PausePolicy policy = pausePolicy(doc, t, at, questionCount);
            types.add(new ExamType(id, title, questionCount, durationMinutes, policy));
        }
        return new JsonExamCatalog(types);
    }

    private static PausePolicy pausePolicy(Document doc, JsonNode t, String at, int questionCount) {
        JsonNode p = t.get("pausePolicy");
        if (p == null || p.isNull()) {
            return PausePolicy.none();
        }
        String where = at + " pausePolicy";
        if (!p.isObject()) {
            throw doc.invalid(where + " must be an object with checkpoints and durationMs");
        }
        JsonNode list = JsonDocuments.array(doc, p, "checkpoints", where);
        Set<Integer> checkpoints = new TreeSet<>();
        for (JsonNode c : list) {
            if (!c.isIntegralNumber() || !c.canConvertToInt() || c.asInt() < 1 || c.asInt() >= questionCount) {
                throw doc.invalid(where + ": a checkpoint must be an integer from 1 to " + (questionCount - 1)
                        + " (answered questions before the break), not " + c);
            }
            if (!checkpoints.add(c.asInt())) {
                throw doc.invalid(where + ": duplicate checkpoint " + c.asInt());
            }
        }
        long durationMs = JsonDocuments.integer(doc, p, "durationMs", where, 1);
        return new PausePolicy(List.copyOf(checkpoints), durationMs);
    }
}
