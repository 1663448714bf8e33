package dev.examsessions.adapter.jpa;

import dev.examsessions.domain.AttemptRepository;
import dev.examsessions.domain.contract.AttemptRepositoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The unchanged attempt repository contract against a real PostgreSQL (a fresh database for this class). */
class JpaAttemptRepositoryContractTest extends AttemptRepositoryContract {
    private static TestDatabase database;
    private static JpaAttemptRepository repository;

    @BeforeAll
    static void start() {
        database = TestDatabase.create();
        repository = JpaAttemptRepository.connect(database.url());
    }

    @AfterAll
    static void stop() {
        if (repository != null) {
            repository.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected AttemptRepository repository() {
        return repository;
    }
}
