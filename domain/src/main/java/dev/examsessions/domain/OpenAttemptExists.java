package dev.examsessions.domain;

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
