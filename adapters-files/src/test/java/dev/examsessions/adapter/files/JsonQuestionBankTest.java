package dev.examsessions.adapter.files;

import dev.examsessions.domain.error.ErrorCode;
import dev.examsessions.domain.error.ExamException;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.Question;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonQuestionBankTest {
    @TempDir
    Path dir;

    private static final ExamType PMP = JsonExamCatalog.bundled().find("pmp").orElseThrow();

    @Test
    void bundledBankIsAClearlyLabelledSampleUsableByBothTypes() {
        JsonQuestionBank bank = JsonQuestionBank.bundled();
        assertEquals("sample-1", bank.bankVersion());
        assertTrue(bank.size() >= 200, "size " + bank.size());
        assertTrue(bank.eligibleCount("pmp") >= 180);
        assertTrue(bank.eligibleCount("pmp-quick") >= 10);
        for (long id = 1; id <= bank.size(); id++) {
            Question q = bank.question(id).orElseThrow();
            assertTrue(q.text().startsWith("[Sample] "), q.text());
            assertEquals(List.of("A", "B", "C", "D"), q.options().stream().map(Question.Option::key).toList());
            assertTrue(Set.of("People", "Process", "Business Environment").contains(q.domain()));
            assertTrue(!q.explanation().isBlank());
        }
    }

    @Test
    void sampleGivesDistinctEligibleIdsInRandomOrder() {
        JsonQuestionBank bank = JsonQuestionBank.bundled();
        List<Long> ids = bank.sample(PMP, 180);
        assertEquals(180, ids.size());
        assertEquals(180, new HashSet<>(ids).size());
        ids.forEach(id -> assertTrue(bank.question(id).isPresent()));
        Set<List<Long>> draws = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            draws.add(bank.sample(PMP, 10));
        }
        assertTrue(draws.size() > 1, "samples are random");
    }

    @Test
    void sampleRespectsExamTypesAndReportsNotEnoughQuestions() throws IOException {
        Path file = write("""
                {"bankVersion":"t","questions":[
                  %s, %s, %s
                ]}""".formatted(question(1, "[\"pmp\"]"), question(2, "[\"capm\"]"), question(3, null)));
        JsonQuestionBank bank = JsonQuestionBank.fromFile(file);
        assertEquals(2, bank.eligibleCount("pmp"));
        assertEquals(Set.of(1L, 3L), new HashSet<>(bank.sample(PMP, 2)));

        ExamException e = assertThrows(ExamException.class, () -> bank.sample(PMP, 3));
        assertEquals(ErrorCode.NOT_ENOUGH_QUESTIONS, e.code());
        assertTrue(e.getMessage().contains("'pmp'") && e.getMessage().contains("2") && e.getMessage().contains("3"),
                e.getMessage());
        assertEquals(ErrorCode.NOT_ENOUGH_QUESTIONS,
                assertThrows(ExamException.class, () -> JsonQuestionBank.bundled().sample(PMP, 10_000)).code());
    }

    @Test
    void questionsKeepTheirContent() throws IOException {
        JsonQuestionBank bank = JsonQuestionBank.fromFile(write("{\"questions\":[" + question(17, null) + "]}"));
        Question q = bank.question(17).orElseThrow();
        assertEquals("Q17?", q.text());
        assertEquals(List.of(new Question.Option("A", "a"), new Question.Option("B", "b")), q.options());
        assertEquals("B", q.correctKey());
        assertEquals("because", q.explanation());
        assertEquals("People", q.domain());
        assertTrue(bank.question(18).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            duplicate ids      | {"questions":[{q1},{q1}]}                                                                            | duplicate question id 1
            one option         | {"questions":[{"id":1,"text":"t","options":[{"key":"A","text":"a"}],"correct":"A","explanation":"e"}]} | needs 2 to 6 options, has 1
            seven options      | {"questions":[{"id":1,"text":"t","options":[{o},{o},{o},{o},{o},{o},{o}],"correct":"A","explanation":"e"}]} | needs 2 to 6 options, has 7
            duplicate keys     | {"questions":[{"id":1,"text":"t","options":[{"key":"A","text":"a"},{"key":"A","text":"b"}],"correct":"A","explanation":"e"}]} | duplicate option key 'A'
            correct not option | {"questions":[{"id":1,"text":"t","options":[{"key":"A","text":"a"},{"key":"B","text":"b"}],"correct":"E","explanation":"e"}]} | correct key 'E' is not one of the option keys [A, B]
            missing text       | {"questions":[{"id":1,"options":[{"key":"A","text":"a"},{"key":"B","text":"b"}],"correct":"A","explanation":"e"}]} | questions[0] (id 1): missing text
            blank text         | {"questions":[{"id":1,"text":" ","options":[{"key":"A","text":"a"},{"key":"B","text":"b"}],"correct":"A","explanation":"e"}]} | text must be a non-blank string
            missing explanation | {"questions":[{"id":1,"text":"t","options":[{"key":"A","text":"a"},{"key":"B","text":"b"}],"correct":"A"}]} | missing explanation
            missing id         | {"questions":[{"text":"t","options":[{"key":"A","text":"a"},{"key":"B","text":"b"}],"correct":"A","explanation":"e"}]} | questions[0]: missing id
            no questions       | {"bankVersion":"x"}                                                                                  | missing questions
            empty questions    | {"questions":[]}                                                                                     | questions is empty
            empty examTypes    | {"questions":[{"id":1,"text":"t","options":[{"key":"A","text":"a"},{"key":"B","text":"b"}],"correct":"A","explanation":"e","examTypes":[]}]} | examTypes must be a non-empty array
            not json           | {"questions":[                                                                                       | not valid JSON
            not an object      | [1,2]                                                                                                | must be a JSON object
            """)
    void invalidFilesAreRejectedNamingFileAndProblem(String name, String json, String problem) throws IOException {
        Path file = write(json.replace("{q1}", question(1, null)).replace("{o}", "{\"key\":\"A\",\"text\":\"a\"}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonQuestionBank.fromFile(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("question bank"), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void aMissingFileIsReported() {
        Path missing = dir.resolve("nope.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonQuestionBank.fromFile(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("no such file"), e.getMessage());
    }

    private static String question(long id, String examTypes) {
        return """
                {"id":%d,"text":"Q%d?","options":[{"key":"A","text":"a"},{"key":"B","text":"b"}],"correct":"B",\
                "explanation":"because","domain":"People"%s}"""
                .formatted(id, id, examTypes == null ? "" : ",\"examTypes\":" + examTypes);
    }

    private Path write(String json) throws IOException {
        Path file = Files.createTempFile(dir, "bank", ".json");
        Files.writeString(file, json);
        return file;
    }
}
