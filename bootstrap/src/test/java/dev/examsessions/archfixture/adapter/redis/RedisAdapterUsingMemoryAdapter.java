package dev.examsessions.archfixture.adapter.redis;

/** Canary fixture: an adapter that uses another adapter. */
public class RedisAdapterUsingMemoryAdapter {
    public dev.examsessions.archfixture.adapter.memory.MemoryAdapterUsingWeb other() {
        return null;
    }
}
