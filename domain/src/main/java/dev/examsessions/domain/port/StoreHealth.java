package dev.examsessions.domain.port;

/** Backend name of a store and whether it answers right now. */
public record StoreHealth(String backend, boolean available) {
}
