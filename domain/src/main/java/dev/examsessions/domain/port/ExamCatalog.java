package dev.examsessions.domain.port;

import dev.examsessions.domain.model.ExamType;
import java.util.List;
import java.util.Optional;

/** The exam types this service offers. */
public interface ExamCatalog {
    List<ExamType> types();

    default Optional<ExamType> find(String id) {
        return types().stream().filter(t -> t.id().equals(id)).findFirst();
    }
}
