package dev.examsessions.archfixture.domain.model;

import dev.examsessions.archfixture.domain.port.PortUsingAService;

/** Canary fixture: a model class that uses a port. */
public class ModelUsingAPort {
    public PortUsingAService port() {
        return null;
    }
}
