package dev.examsessions.domain.port;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a session store reports about itself: backend name, reachability, number of sessions, details. */
public record SessionStoreStats(String backend, boolean available, long sessionCount, Map<String, Object> details) {
    public SessionStoreStats {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
