package dev.examsessions.archfixture.bootstrap;

/** Canary fixture: Jedis and JPA used outside their adapters. */
public class BootstrapUsingJedisAndJpa {
    public redis.clients.jedis.UnifiedJedis redis() {
        return null;
    }

    public jakarta.persistence.EntityManager database() {
        return null;
    }
}
