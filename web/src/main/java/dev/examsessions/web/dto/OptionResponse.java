package dev.examsessions.web.dto;

import dev.examsessions.domain.model.Question;
import java.util.List;

/** One answer option of a question. */
public record OptionResponse(String key, String text) {
    static List<OptionResponse> from(List<Question.Option> options) {
        return options.stream().map(o -> new OptionResponse(o.key(), o.text())).toList();
    }
}
