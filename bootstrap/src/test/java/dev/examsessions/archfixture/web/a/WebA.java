package dev.examsessions.archfixture.web.a;

/** Canary fixture: web using an adapter, and one half of a package cycle. */
public class WebA {
    public dev.examsessions.archfixture.adapter.redis.RedisAdapterUsingMemoryAdapter adapter() {
        return null;
    }

    public dev.examsessions.archfixture.web.b.WebB other() {
        return null;
    }
}
