package dev.examsessions.adapter.redis;

import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.contract.SessionPortContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;


/** The unchanged session port contract against a real Redis. */
class RedisSessionAdapterContractTest extends SessionPortContract {
    private static RedisSessionAdapter adapter;

    @BeforeAll
    static void open() {
        adapter = RedisSessionAdapter.create(TestRedis.newClient(), SessionPort.DEFAULT_TTL);
    }

    @AfterAll
    static void close() {
        adapter.close();
    }

    @Override
    protected SessionPort port() {
        return adapter;
    }
}
