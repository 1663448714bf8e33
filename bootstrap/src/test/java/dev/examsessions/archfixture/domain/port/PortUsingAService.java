package dev.examsessions.archfixture.domain.port;

import dev.examsessions.archfixture.domain.service.ServiceUsingFailover;

/** Canary fixture: a port that names a service. */
public interface PortUsingAService {
    ServiceUsingFailover service();
}
