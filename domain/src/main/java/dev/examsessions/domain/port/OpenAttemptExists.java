package dev.examsessions.domain.port;

import dev.examsessions.domain.model.SessionId;

/** {@link AttemptRepository#create} refused a second open attempt; names the one that exists. */
public class OpenAttemptExists extends RuntimeException {
    private final SessionId existing;

    public OpenAttemptExists(SessionId existing) {
        super("an open attempt already exists: " + existing, null, false, false);
        this.existing = existing;
    }

    public SessionId existing() {
        return existing;
    }
}
