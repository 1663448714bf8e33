package dev.examsessions.adapter.memory;

import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.contract.SessionPortContract;

import java.time.Clock;

class InMemorySessionAdapterContractTest extends SessionPortContract {
    private final InMemorySessionAdapter port = InMemorySessionAdapter.create(Clock.systemUTC());

    @Override
    protected SessionPort port() {
        return port;
    }
}
