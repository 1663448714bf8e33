package dev.examsessions.archfixture.domain.error;

import dev.examsessions.archfixture.domain.model.ModelUsingAPort;

/** Canary fixture: a domain error that names a model class. */
public class ErrorUsingTheModel extends RuntimeException {
    public ModelUsingAPort subject() {
        return null;
    }
}
