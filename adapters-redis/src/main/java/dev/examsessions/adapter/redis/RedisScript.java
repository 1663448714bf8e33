package dev.examsessions.adapter.redis;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script run by its SHA1 (EVALSHA); when the server's script cache lost it (restart, failover,
 * SCRIPT FLUSH) it is sent once in full (EVAL), which also caches it again on that node.
 */
record RedisScript(String name, String source, String sha1) {

    static RedisScript of(String name, String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new RedisScript(name, source, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }

    /**
     * Runs the script on the node owning {@code keys} (every key it touches is in KEYS, for Cluster) and
     * returns its integer reply. One round trip, two after a NOSCRIPT (the script did not run then).
     */
    long run(UnifiedJedis client, List<String> keys, List<String> args) {
        Object reply;
        try {
            reply = client.evalsha(sha1, keys, args);
        } catch (JedisNoScriptException lost) {
            reply = client.eval(source, keys, args);
        }
        if (!(reply instanceof Long)) {
            // scripts return numbers only: RESP3 would turn a Lua true into a Boolean
            throw new IllegalStateException("script " + name + " returned " + reply + " instead of an integer");
        }
        return (Long) reply;
    }
}
