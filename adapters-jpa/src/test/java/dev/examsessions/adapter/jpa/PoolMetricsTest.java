package dev.examsessions.adapter.jpa;

import dev.examsessions.domain.model.SessionId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HikariCP's own meters of the attempt record's pool, on a real PostgreSQL. */
class PoolMetricsTest {

    @Test
    void thePoolReportsItsConnectionsAndAcquireTimes() {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (TestDatabase db = TestDatabase.create();
             JpaAttemptRepository attempts = JpaAttemptRepository.connect(db.url(), registry)) {
            for (int i = 0; i < 3; i++) {
                attempts.find(SessionId.parse("s-AAAAAAAAAAAAAAAAAAAAAAAA").orElseThrow());
            }
            assertEquals(AttemptDatabase.POOL_SIZE,
                    registry.get("hikaricp.connections.max").tag("pool", "attempts").gauge().value());
            assertEquals(0.0, registry.get("hikaricp.connections.pending").tag("pool", "attempts").gauge().value());
            assertTrue(registry.get("hikaricp.connections.acquire").tag("pool", "attempts").timer().count() >= 3);
            assertTrue(registry.get("hikaricp.connections.active").gauge().value() >= 0);
        }
    }
}
