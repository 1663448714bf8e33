package dev.examsessions.adapter.memory;

import dev.examsessions.domain.port.AttemptRepository;
import dev.examsessions.domain.contract.AttemptRepositoryContract;

class InMemoryAttemptRepositoryContractTest extends AttemptRepositoryContract {
    private final InMemoryAttemptRepository repository = InMemoryAttemptRepository.create();

    @Override
    protected AttemptRepository repository() {
        return repository;
    }
}
