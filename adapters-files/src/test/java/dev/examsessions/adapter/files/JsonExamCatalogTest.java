package dev.examsessions.adapter.files;

import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.PausePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonExamCatalogTest {
    @TempDir
    Path dir;

    @Test
    void bundledCatalogHasPmpAndPmpQuick() {
        JsonExamCatalog catalog = JsonExamCatalog.bundled();
        assertEquals(List.of("pmp", "pmp-quick"), catalog.types().stream().map(ExamType::id).toList());

        ExamType pmp = catalog.find("pmp").orElseThrow();
        assertEquals(180, pmp.questionCount());
        assertEquals(230, pmp.durationMinutes());
        assertEquals(new PausePolicy(List.of(60, 120), 600_000), pmp.pausePolicy());

        ExamType quick = catalog.find("pmp-quick").orElseThrow();
        assertEquals(new ExamType("pmp-quick", "PMP quick practice (sample)", 10, 15,
                new PausePolicy(List.of(5), 120_000)), quick);
    }

    @Test
    void bundledBankCoversEveryBundledType() {
        JsonQuestionBank bank = JsonQuestionBank.bundled();
        for (ExamType t : JsonExamCatalog.bundled().types()) {
            assertTrue(bank.eligibleCount(t.id()) >= t.questionCount(), t.id());
        }
    }

    @Test
    void pausePolicyIsOptional() throws IOException {
        JsonExamCatalog catalog = JsonExamCatalog.fromFile(write(
                "{\"examTypes\":[{\"examType\":\"capm\",\"title\":\"CAPM\",\"questionCount\":150,\"durationMinutes\":180}]}"));
        assertEquals(List.of(new ExamType("capm", "CAPM", 150, 180, PausePolicy.none())), catalog.types());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            duplicate type     | {"examTypes":[{t},{t}]}                                                                           | duplicate exam type 'x'
            missing title      | {"examTypes":[{"examType":"x","questionCount":10,"durationMinutes":5}]}                          | missing title
            zero questions     | {"examTypes":[{"examType":"x","title":"X","questionCount":0,"durationMinutes":5}]}               | questionCount must be at least 1
            text duration      | {"examTypes":[{"examType":"x","title":"X","questionCount":10,"durationMinutes":"5"}]}            | durationMinutes must be an integer
            checkpoint too big | {"examTypes":[{"examType":"x","title":"X","questionCount":10,"durationMinutes":5,"pausePolicy":{"checkpoints":[10],"durationMs":1000}}]} | a checkpoint must be an integer from 1 to 9
            no pause length    | {"examTypes":[{"examType":"x","title":"X","questionCount":10,"durationMinutes":5,"pausePolicy":{"checkpoints":[5]}}]} | missing durationMs
            no types           | {}                                                                                                | missing examTypes
            """)
    void invalidFilesAreRejectedNamingFileAndProblem(String name, String json, String problem) throws IOException {
        Path file = write(json.replace("{t}", "{\"examType\":\"x\",\"title\":\"X\",\"questionCount\":10,\"durationMinutes\":5}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonExamCatalog.fromFile(file));
        assertTrue(e.getMessage().contains("exam catalog file " + file), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    private Path write(String json) throws IOException {
        Path file = Files.createTempFile(dir, "catalog", ".json");
        Files.writeString(file, json);
        return file;
    }
}
