package dev.examsessions.archfixture.adapter.memory;

/** Canary fixture: an adapter that uses web. */
public class MemoryAdapterUsingWeb {
    public dev.examsessions.archfixture.web.a.WebA web() {
        return null;
    }
}
