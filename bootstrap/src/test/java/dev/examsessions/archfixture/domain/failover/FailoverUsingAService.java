package dev.examsessions.archfixture.domain.failover;

import dev.examsessions.archfixture.domain.service.ServiceUsingFailover;

/** Canary fixture: a failover decorator that uses a service. */
public class FailoverUsingAService {
    public ServiceUsingFailover service() {
        return null;
    }
}
