package dev.examsessions.archfixture.domain;

/** Canary fixture: a "domain" class that uses a library. */
public class DomainUsingALibrary {
    public org.slf4j.Logger logger() {
        return org.slf4j.LoggerFactory.getLogger(DomainUsingALibrary.class);
    }
}
