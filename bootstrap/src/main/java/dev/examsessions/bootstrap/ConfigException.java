package dev.examsessions.bootstrap;

/** An environment variable has a value the service cannot start with; the message names it and what is allowed. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
