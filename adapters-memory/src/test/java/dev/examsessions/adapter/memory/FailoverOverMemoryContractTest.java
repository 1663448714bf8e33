package dev.examsessions.adapter.memory;

import dev.examsessions.domain.failover.Backoff;
import dev.examsessions.domain.failover.FailoverSessionPort;
import dev.examsessions.domain.failover.FallbackMode;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.contract.SessionPortContract;
import dev.examsessions.domain.fakes.FakeSessionPort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The failover decorator is itself a lawful {@link SessionPort}, serving from the primary or from the fallback. */
class FailoverOverMemoryContractTest {
    /** Long enough that the background reconnect never runs during a test. */
    private static final Backoff NEVER = new Backoff(Duration.ofHours(1), Duration.ofHours(1));

    /** Both stores answer: every call goes to the primary. */
    @Nested
    class PrimaryUp extends SessionPortContract {
        private final FailoverSessionPort port = new FailoverSessionPort(
                InMemorySessionAdapter.create(Clock.systemUTC()), InMemorySessionAdapter.create(Clock.systemUTC()),
                FallbackMode.MEMORY, "Memory", NEVER, Clock.systemUTC()).start();

        @Override
        protected SessionPort port() {
            assertFalse(port.isOnFallback());
            return port;
        }

        @AfterEach
        void close() {
            port.close();
        }
    }

    /** The primary is down from the start: every call goes to the memory fallback. */
    @Nested
    class OnFallback extends SessionPortContract {
        private final FakeSessionPort down = new FakeSessionPort("redis", Clock.systemUTC());
        private final FailoverSessionPort port = start();

        private FailoverSessionPort start() {
            down.down = true;
            return new FailoverSessionPort(down, InMemorySessionAdapter.create(Clock.systemUTC()),
                    FallbackMode.MEMORY, "Redis", NEVER, Clock.systemUTC()).start();
        }

        @Override
        protected SessionPort port() {
            assertTrue(port.isOnFallback());
            return port;
        }

        @Override
        protected boolean reportsAvailable() {
            return false; // the primary is down, and stats and ping say so while the fallback serves
        }

        @AfterEach
        void close() {
            port.close();
        }
    }
}
