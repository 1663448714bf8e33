package dev.examsessions.adapter.jpa;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A test class's repository on its own fresh database, opened before its first test and closed after its last. */
final class FreshRepository implements BeforeAllCallback, AfterAllCallback {
    private TestDatabase database;
    private JpaAttemptRepository repository;

    @Override
    public void beforeAll(ExtensionContext context) {
        database = TestDatabase.create();
        repository = JpaAttemptRepository.connect(database.url());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (repository != null) {
            repository.close();
        }
        if (database != null) {
            database.close();
        }
    }

    TestDatabase database() {
        return database;
    }

    JpaAttemptRepository repository() {
        return repository;
    }
}
