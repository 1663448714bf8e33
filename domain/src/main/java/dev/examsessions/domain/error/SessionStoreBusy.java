package dev.examsessions.domain.error;

import java.time.Duration;

/**
 * The store answers, but no connection to it came free in time (the service is overloaded, the store is not
 * down): nothing was sent or changed, and it is no reason to switch to a fallback store.
 */
public class SessionStoreBusy extends StoreUnavailable {
    /** A borrow waits about a second; a client retrying after one has a fair chance of a free connection. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    public SessionStoreBusy(String message, Throwable cause) {
        super(message, RETRY_AFTER, cause);
    }
}
