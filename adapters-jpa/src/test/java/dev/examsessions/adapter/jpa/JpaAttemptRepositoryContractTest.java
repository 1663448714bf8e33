package dev.examsessions.adapter.jpa;

import dev.examsessions.domain.port.AttemptRepository;
import dev.examsessions.domain.contract.AttemptRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The unchanged attempt repository contract against a real PostgreSQL (a fresh database for this class). */
class JpaAttemptRepositoryContractTest extends AttemptRepositoryContract {
    @RegisterExtension
    static final FreshRepository FRESH = new FreshRepository();

    @Override
    protected AttemptRepository repository() {
        return FRESH.repository();
    }
}
