package dev.examsessions.web.dto;

import dev.examsessions.domain.port.SessionStoreStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Admin view of the session store ({@code GET /api/debug/session-stats}). */
public record SessionStatsResponse(String backend, boolean available, boolean redisConnected, long sessionCount,
                                   Map<String, Object> details) {
    public static SessionStatsResponse from(SessionStoreStats stats) {
        boolean redis = "redis".equalsIgnoreCase(stats.backend());
        return new SessionStatsResponse(stats.backend(), stats.available(), redis && stats.available(),
                stats.sessionCount(), plain(stats.details()));
    }

    /** Details as JSON-friendly values: adapters may report instants, durations or their own types. */
    private static Map<String, Object> plain(Map<String, Object> details) {
        Map<String, Object> out = new LinkedHashMap<>();
        details.forEach((k, v) -> out.put(k, plainValue(v)));
        return out;
    }

    private static Object plainValue(Object v) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        } else if (v instanceof Instant i) {
            return i.toEpochMilli();
        } else if (v instanceof Duration d) {
            return d.toMillis();
        } else if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), plainValue(x)));
            return out;
        } else if (v instanceof Collection<?> c) {
            return c.stream().map(SessionStatsResponse::plainValue).toList();
        }
        return v.toString();
    }
}
