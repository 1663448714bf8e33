package dev.examsessions.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.examsessions.domain.error.ErrorCode;
import dev.examsessions.domain.error.ExamException;
import dev.examsessions.domain.service.ActiveAttempts;
import dev.examsessions.domain.service.AnswerResult;
import dev.examsessions.domain.service.ChangeResult;
import dev.examsessions.domain.service.ExamService;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.service.ExamView;
import dev.examsessions.domain.port.HistoryCursor;
import dev.examsessions.domain.service.QuestionView;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.web.dto.ActiveAttemptResponse;
import dev.examsessions.web.dto.AnswerRequest;
import dev.examsessions.web.dto.AnswerResultResponse;
import dev.examsessions.web.dto.ExamResultResponse;
import dev.examsessions.web.dto.ExamStateResponse;
import dev.examsessions.web.dto.ExamTypeResponse;
import dev.examsessions.web.dto.ExtendRequest;
import dev.examsessions.web.dto.ExtendResponse;
import dev.examsessions.web.dto.FlagRequest;
import dev.examsessions.web.dto.FlagResponse;
import dev.examsessions.web.dto.HistoryCursorToken;
import dev.examsessions.web.dto.HistoryResponse;
import dev.examsessions.web.dto.PauseStartRequest;
import dev.examsessions.web.dto.PauseStatusResponse;
import dev.examsessions.web.dto.QuestionResponse;
import dev.examsessions.web.dto.ReviewItemResponse;
import dev.examsessions.web.dto.SelectRequest;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** Handlers of the {@code /api/exams} routes: parse and validate input, call {@link ExamService}, shape output. */
final class ExamHandlers {
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,30}");
    private static final Pattern QUESTION_ID = Pattern.compile("-?[0-9]{1,30}");
    private static final Pattern IF_MATCH = Pattern.compile("(?:W/)?\"?([0-9]{1,18})\"?");
    private static final int DEFAULT_HISTORY_LIMIT = 20;
    /** The most questions one call answers: bounds the response, whatever the exam's size. */
    static final int MAX_QUESTIONS_PER_CALL = 200;

    private final ExamService exams;
    private final ObjectMapper json;

    ExamHandlers(ExamService exams, ObjectMapper json) {
        this.exams = exams;
        this.json = json;
    }

    void types(Context ctx, Caller caller) {
        ctx.json(exams.types().stream().map(ExamTypeResponse::from).toList());
    }

    void select(Context ctx, Caller caller) {
        SelectRequest req = SelectRequest.from(Json.object(json, ctx, false, "{\"examType\":\"pmp\",\"mode\":\"exam\"}"));
        ExamView view = exams.select(caller.userId(), req.examType(), req.mode(), req.questionCount());
        if (!view.resumed()) {
            ctx.status(201);
            ctx.header("Location", "/api/exams/" + view.session().sessionId().value());
        }
        writeState(ctx, view);
    }

    void active(Context ctx, Caller caller) {
        ActiveAttempts active = exams.active(caller.userId());
        ctx.json(active.attempts().stream().map(s -> ActiveAttemptResponse.from(s, active.now())).toList());
    }

    void history(Context ctx, Caller caller) {
        int limit = intQuery(ctx, "limit", DEFAULT_HISTORY_LIMIT, 1, ExamService.MAX_HISTORY_PAGE);
        if (query(ctx, "before") != null) {
            // the old finishedAt cursor skipped attempts finished in the same millisecond: refused, not emulated
            throw Json.bad("Query parameter 'before' is no longer supported (it could skip attempts); pass the"
                    + " previous page's 'next' as 'cursor' instead, e.g. /api/exams/history?cursor=<next>.");
        }
        String rawCursor = query(ctx, "cursor");
        HistoryCursor after = rawCursor == null ? null : HistoryCursorToken.decode(rawCursor).orElseThrow(() ->
                Json.bad("Query parameter 'cursor' is not a cursor this service issued: pass the previous page's"
                        + " 'next' unchanged, or leave 'cursor' out for the first page."));
        ctx.json(HistoryResponse.from(exams.history(caller.userId(), after, limit)));
    }

    void state(Context ctx, Caller caller) {
        writeState(ctx, exams.state(caller.userId(), sessionId(ctx)));
    }

    void question(Context ctx, Caller caller) {
        SessionId id = sessionId(ctx);
        int position = position(ctx.pathParam("position"), "position");
        ctx.json(QuestionResponse.from(exams.question(caller.userId(), id, position)));
    }

    void questions(Context ctx, Caller caller) {
        SessionId id = sessionId(ctx);
        int from = intQuery(ctx, "from", 1, Integer.MIN_VALUE, Integer.MAX_VALUE);
        int defaultTo = (int) Math.min(Integer.MAX_VALUE, (long) from + MAX_QUESTIONS_PER_CALL - 1);
        int to = intQuery(ctx, "to", defaultTo, Integer.MIN_VALUE, Integer.MAX_VALUE);
        List<QuestionView> views = exams.questions(caller.userId(), id, from, to);
        // counted on what the range holds (a 'to' past the end is cut there), after the service's own refusals
        if (views.size() > MAX_QUESTIONS_PER_CALL) {
            throw new ExamException(ErrorCode.INVALID_RANGE, "At most " + MAX_QUESTIONS_PER_CALL + " questions per call.");
        }
        ctx.json(views.stream().map(QuestionResponse::from).toList());
    }

    void answer(Context ctx, Caller caller) {
        SessionId id = sessionId(ctx);
        long questionId = questionId(ctx);
        Long expected = ifMatch(ctx);
        AnswerRequest req = AnswerRequest.from(Json.object(json, ctx, false, "{\"choice\":\"B\"}"));
        AnswerResult answered = exams.answer(caller.userId(), id, questionId, req.choice(), expected);
        ctx.header("ETag", etag(answered.session().version()));
        ctx.json(AnswerResultResponse.from(answered.session(), questionId, answered.practiceContent(), answered.now()));
    }

    void flag(Context ctx, Caller caller) {
        SessionId id = sessionId(ctx);
        long questionId = questionId(ctx);
        Long expected = ifMatch(ctx);
        FlagRequest req = FlagRequest.from(Json.object(json, ctx, false, "{\"flagged\":true}"));
        ExamSession s = exams.flag(caller.userId(), id, questionId, req.flagged(), expected).session();
        ctx.header("ETag", etag(s.version()));
        ctx.json(FlagResponse.from(s, questionId));
    }

    void pauseStatus(Context ctx, Caller caller) {
        ExamView view = exams.pauseStatus(caller.userId(), sessionId(ctx));
        ctx.header("ETag", etag(view.session().version()));
        ctx.json(PauseStatusResponse.from(view.session(), view.now()));
    }

    void pauseStart(Context ctx, Caller caller) {
        SessionId id = sessionId(ctx);
        Long expected = ifMatch(ctx);
        PauseStartRequest req = PauseStartRequest.from(Json.object(json, ctx, false, "{\"checkpoint\":60}"));
        writePauseStatus(ctx, exams.startPause(caller.userId(), id, req.checkpoint(), expected));
    }

    void pauseEnd(Context ctx, Caller caller) {
        SessionId id = sessionId(ctx);
        writePauseStatus(ctx, exams.endPause(caller.userId(), id, ifMatch(ctx)));
    }

    void extend(Context ctx, Caller caller) {
        SessionId id = sessionId(ctx);
        Long expected = ifMatch(ctx);
        ExtendRequest req = ExtendRequest.from(Json.object(json, ctx, true, "{\"minutes\":180}"));
        Instant expiresAt = exams.extend(caller.userId(), id, req.minutes(), expected);
        ctx.json(ExtendResponse.from(id, expiresAt));
    }

    void submit(Context ctx, Caller caller) {
        SessionId id = sessionId(ctx);
        ExamSession s = exams.submit(caller.userId(), id, ifMatch(ctx)).session();
        ctx.header("ETag", etag(s.version()));
        ctx.json(ExamResultResponse.from(s));
    }

    void review(Context ctx, Caller caller) {
        ctx.json(exams.review(caller.userId(), sessionId(ctx)).stream().map(ReviewItemResponse::from).toList());
    }

    void abandon(Context ctx, Caller caller) {
        SessionId id = sessionId(ctx);
        ExamSession s = exams.abandon(caller.userId(), id, ifMatch(ctx)).session();
        ctx.header("ETag", etag(s.version()));
        ctx.status(204);
    }

    private void writeState(Context ctx, ExamView view) {
        ctx.header("ETag", etag(view.session().version()));
        ctx.json(ExamStateResponse.from(view, view.now()));
    }

    private static void writePauseStatus(Context ctx, ChangeResult changed) {
        ctx.header("ETag", etag(changed.session().version()));
        ctx.json(PauseStatusResponse.from(changed.session(), changed.now()));
    }

    // ---- input ---------------------------------------------------------------------------------

    /** A malformed id is answered like an unknown one. */
    static SessionId sessionId(Context ctx) {
        return SessionId.parse(ctx.pathParam("sessionId")).orElseThrow(ExamException::sessionNotFound);
    }

    static int position(String raw, String name) {
        if (raw == null || !WHOLE_NUMBER.matcher(raw).matches()) {
            throw Json.bad("The " + name + " must be a whole number starting at 1, e.g. /questions/1, not '"
                    + abbreviate(String.valueOf(raw)) + "'.");
        }
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            value = raw.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        // Numbers beyond int range are simply out of range: the service answers QUESTION_NOT_FOUND.
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    static long questionId(Context ctx) {
        String raw = ctx.pathParam("questionId");
        if (!QUESTION_ID.matcher(raw).matches()) {
            throw Json.bad("The question id must be a whole number (a questionId of this exam), not '"
                    + abbreviate(raw) + "'.");
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            // A whole number too large to be any question of this exam: QUESTION_NOT_FOUND after the session checks.
            return -1;
        }
    }

    /** The expected version from the request's If-Match header (see {@link #ifMatch(String)}). */
    static Long ifMatch(Context ctx) {
        return ifMatch(ctx.header("If-Match"));
    }

    /**
     * The expected version from {@code If-Match: "<version>"} (the ETag; also bare or weak); null when absent or
     * {@code *} (any current state). Anything else is malformed: 400, before anything is read or changed.
     */
    static Long ifMatch(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        var m = IF_MATCH.matcher(header.trim());
        if (!m.matches()) {
            throw Json.bad("If-Match must be one version as the ETag gives it, e.g. If-Match: \"7\", not '"
                    + abbreviate(header.trim()) + "'.");
        }
        return Long.parseLong(m.group(1));
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }

    private static String query(Context ctx, String name) {
        return ctx.queryParam(name);
    }

    private static int intQuery(Context ctx, String name, int fallback, int min, int max) {
        String raw = query(ctx, name);
        if (raw == null) {
            return fallback;
        }
        if (!WHOLE_NUMBER.matcher(raw.trim()).matches()) {
            throw Json.bad("Query parameter '" + name + "' must be a whole number, not '" + abbreviate(raw) + "'.");
        }
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            value = raw.trim().startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (value < min || value > max) {
            if (min == Integer.MIN_VALUE && max == Integer.MAX_VALUE) {
                return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
            }
            // A whole number is well-formed: outside its range it is a meaning error (422), not a syntax error.
            throw new ExamException(ErrorCode.INVALID_RANGE, "Query parameter '" + name + "' must be between " + min
                    + " and " + max + ", not " + abbreviate(raw.trim()) + ".");
        }
        return (int) value;
    }

    private static String abbreviate(String raw) {
        return raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
    }
}
