package dev.examsessions.domain.fakes;

import dev.examsessions.domain.port.AttemptRepository;
import dev.examsessions.domain.contract.AttemptRepositoryContract;

/** The fake behind the service and HTTP tests keeps the record's contract, so it cannot drift from the real ones. */
class FakeAttemptRepositoryContractTest extends AttemptRepositoryContract {
    private final FakeAttemptRepository repository = new FakeAttemptRepository();

    @Override
    protected AttemptRepository repository() {
        return repository;
    }
}
