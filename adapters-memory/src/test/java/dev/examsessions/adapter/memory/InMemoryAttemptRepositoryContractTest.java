package dev.examsessions.adapter.memory;

import dev.examsessions.domain.AttemptRepository;
import dev.examsessions.domain.contract.AttemptRepositoryContract;

class InMemoryAttemptRepositoryContractTest extends AttemptRepositoryContract {
    private final InMemoryAttemptRepository repository = InMemoryAttemptRepository.create();

    @Override
    protected AttemptRepository repository() {
        return repository;
    }
}
