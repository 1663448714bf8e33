package dev.examsessions.archfixture.domain.service;

import dev.examsessions.archfixture.domain.failover.FailoverUsingAService;

/** Canary fixture: a service that uses the failover decorator. */
public class ServiceUsingFailover {
    public FailoverUsingAService decorator() {
        return null;
    }
}
