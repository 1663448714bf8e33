package dev.examsessions.domain.port;

/** Where session calls go right now: the primary store, its fallback, or nowhere (fallback {@code fail}). */
public enum SessionStoreState {
    UP, FALLBACK, REFUSING;

    /** Lower-case name used on the wire and in metric labels. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
