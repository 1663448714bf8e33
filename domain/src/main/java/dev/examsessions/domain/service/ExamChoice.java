package dev.examsessions.domain.service;

import dev.examsessions.domain.error.ErrorCode;
import dev.examsessions.domain.error.ExamException;
import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.port.ExamCatalog;

/** The exam a user asks to start or resume, validated: its type, its mode and how many questions it has. */
record ExamChoice(ExamType type, ExamMode mode, int questionCount) {

    /** Validates the request in this order: exam type, mode, question count. */
    static ExamChoice of(ExamCatalog catalog, String examTypeId, String modeName, Integer questionCount) {
        ExamType type = catalog.find(examTypeId).orElseThrow(() -> new ExamException(ErrorCode.UNKNOWN_EXAM_TYPE,
                "Unknown exam type '" + examTypeId + "'; known types: "
                        + catalog.types().stream().map(ExamType::id).toList() + "."));
        ExamMode mode = modeName == null ? ExamMode.EXAM : ExamMode.fromWire(modeName).orElseThrow(() ->
                new ExamException(ErrorCode.INVALID_MODE, "Mode must be 'exam' or 'practice', not '" + modeName + "'."));
        return new ExamChoice(type, mode, questionCount(type, mode, questionCount));
    }

    private static int questionCount(ExamType type, ExamMode mode, Integer requested) {
        if (requested == null) {
            return type.questionCount();
        }
        if (mode == ExamMode.EXAM) {
            throw new ExamException(ErrorCode.INVALID_QUESTION_COUNT,
                    "questionCount is only allowed in practice mode; an exam has " + type.questionCount() + " questions.");
        }
        if (requested < 1 || requested > type.questionCount()) {
            throw new ExamException(ErrorCode.INVALID_QUESTION_COUNT,
                    "questionCount must be between 1 and " + type.questionCount() + ", not " + requested + ".");
        }
        return requested;
    }
}
