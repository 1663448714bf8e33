package dev.examsessions.adapter.files;

import com.fasterxml.jackson.databind.JsonNode;
import dev.examsessions.adapter.files.JsonDocuments.Document;
import dev.examsessions.domain.error.ErrorCode;
import dev.examsessions.domain.error.ExamException;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.Question;
import dev.examsessions.domain.port.QuestionBank;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The question bank read from a JSON document (format in README): questions by id, random samples per exam type. */
public final class JsonQuestionBank implements QuestionBank {
    public static final String BUNDLED_RESOURCE = "sample-question-bank.json";
    private static final String KIND = "question bank";

    private final String bankVersion;
    private final Map<Long, Question> questions;
    /** Exam types a question may be used for; absent when it may be used by every type. */
    private final Map<Long, Set<String>> examTypes;
    private final SecureRandom random = new SecureRandom();

    private JsonQuestionBank(String bankVersion, Map<Long, Question> questions, Map<Long, Set<String>> examTypes) {
        this.bankVersion = bankVersion;
        this.questions = Collections.unmodifiableMap(questions);
        this.examTypes = Collections.unmodifiableMap(examTypes);
    }

    /** The clearly labelled sample bank shipped with the service. */
    public static JsonQuestionBank bundled() {
        return parse(JsonDocuments.readResource(BUNDLED_RESOURCE, KIND));
    }

    /** @throws IllegalArgumentException naming the file and the problem when it cannot be read or is invalid */
    public static JsonQuestionBank fromFile(Path file) {
        return parse(JsonDocuments.readFile(file, KIND));
    }

    public String bankVersion() {
        return bankVersion;
    }

    public int size() {
        return questions.size();
    }

    /** How many questions an exam of this type may draw from. */
    public int eligibleCount(String examTypeId) {
        return eligible(examTypeId).size();
    }

    @Override
    public Optional<Question> question(long id) {
        return Optional.ofNullable(questions.get(id));
    }

    @Override
    public List<Long> sample(ExamType type, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive, not " + count);
        }
        List<Long> pool = eligible(type.id());
        if (pool.size() < count) {
            throw new ExamException(ErrorCode.NOT_ENOUGH_QUESTIONS, "The question bank has " + pool.size()
                    + " questions for exam type '" + type.id() + "' but " + count + " are needed.",
                    Map.of("available", pool.size(), "requested", count));
        }
        // partial Fisher-Yates: the first count positions become a uniform random sample in random order
        for (int i = 0; i < count; i++) {
            Collections.swap(pool, i, i + random.nextInt(pool.size() - i));
        }
        return List.copyOf(pool.subList(0, count));
    }

    private List<Long> eligible(String examTypeId) {
        List<Long> pool = new ArrayList<>();
        for (Long id : questions.keySet()) {
            Set<String> types = examTypes.get(id);
            if (types == null || types.contains(examTypeId)) {
                pool.add(id);
            }
        }
        return pool;
    }

    private static JsonQuestionBank parse(Document doc) {
        JsonNode root = doc.root();
        String version = JsonDocuments.optionalText(doc, root, "bankVersion", "the document");
        JsonNode list = JsonDocuments.array(doc, root, "questions", "the document");
        if (list.isEmpty()) {
            throw doc.invalid("questions is empty");
        }
        Map<Long, Question> questions = new LinkedHashMap<>();
        Map<Long, Integer> indexOf = new HashMap<>();
        Map<Long, Set<String>> examTypes = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode q = list.get(i);
            String at = "questions[" + i + "]";
            if (!q.isObject()) {
                throw doc.invalid(at + " must be an object");
            }
            long id = JsonDocuments.integer(doc, q, "id", at, 1);
            Integer previous = indexOf.putIfAbsent(id, i);
            if (previous != null) {
                throw doc.invalid("duplicate question id " + id + " (questions[" + previous + "] and " + at + ")");
            }
            at = at + " (id " + id + ")";
            String text = JsonDocuments.text(doc, q, "text", at);
            List<Question.Option> options = options(doc, q, at);
            String correct = JsonDocuments.text(doc, q, "correct", at);
            List<String> keys = options.stream().map(Question.Option::key).toList();
            if (!keys.contains(correct)) {
                throw doc.invalid(at + ": correct key '" + correct + "' is not one of the option keys " + keys);
            }
            String explanation = JsonDocuments.text(doc, q, "explanation", at);
            String domain = JsonDocuments.optionalText(doc, q, "domain", at);
            Set<String> types = examTypes(doc, q, at);
            if (types != null) {
                examTypes.put(id, types);
            }
            questions.put(id, new Question(id, text, options, correct, explanation, domain));
        }
        return new JsonQuestionBank(version, questions, examTypes);
    }

    private static List<Question.Option> options(Document doc, JsonNode q, String at) {
        JsonNode list = JsonDocuments.array(doc, q, "options", at);
        if (list.size() < 2 || list.size() > 6) {
            throw doc.invalid(at + ": needs 2 to 6 options, has " + list.size());
        }
        List<Question.Option> options = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (int j = 0; j < list.size(); j++) {
            JsonNode o = list.get(j);
            String where = at + " options[" + j + "]";
            if (!o.isObject()) {
                throw doc.invalid(where + " must be an object with key and text");
            }
            String key = JsonDocuments.text(doc, o, "key", where);
            if (!keys.add(key)) {
                throw doc.invalid(at + ": duplicate option key '" + key + "'");
            }
            options.add(new Question.Option(key, JsonDocuments.text(doc, o, "text", where)));
        }
        return options;
    }

    private static Set<String> examTypes(Document doc, JsonNode q, String at) {
        JsonNode v = q.get("examTypes");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray() || v.isEmpty()) {
            throw doc.invalid(at + ": examTypes must be a non-empty array of exam type ids (omit it to allow every type)");
        }
        Set<String> types = new LinkedHashSet<>();
        for (JsonNode t : v) {
            if (!t.isTextual() || t.asText().isBlank()) {
                throw doc.invalid(at + ": examTypes must contain non-blank exam type ids, not " + t);
            }
            types.add(t.asText());
        }
        return Collections.unmodifiableSet(types);
    }
}
