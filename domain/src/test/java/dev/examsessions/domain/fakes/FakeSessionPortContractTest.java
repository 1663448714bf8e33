package dev.examsessions.domain.fakes;

import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.contract.SessionPortContract;

import java.time.Clock;

/** The fake behind the service and HTTP tests keeps the port's contract, so it cannot drift from the real stores. */
class FakeSessionPortContractTest extends SessionPortContract {
    private final FakeSessionPort port = new FakeSessionPort("fake", Clock.systemUTC());

    @Override
    protected SessionPort port() {
        return port;
    }
}
