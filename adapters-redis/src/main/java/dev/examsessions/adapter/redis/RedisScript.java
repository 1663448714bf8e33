package dev.examsessions.adapter.redis;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Lua script run by its SHA1 (EVALSHA); when the server's script cache lost it (restart, failover,
 * SCRIPT FLUSH) it is sent once in full (EVAL), which also caches it again on that node.
 */
record RedisScript(String name, String source, String sha1) {
    /** Where the scripts live on the classpath ({@code src/main/resources/redis}). */
    private static final String FOLDER = "/redis/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z_]+)}}");

    static RedisScript of(String name, String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new RedisScript(name, source, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }

    /**
     * The script made of the {@code files} of {@code src/main/resources/redis}, concatenated in order (a shared
     * prelude first), with every {@code {{NAME}}} replaced by {@code values.get("NAME")}.
     */
    static RedisScript load(String name, Map<String, String> values, String... files) {
        StringBuilder source = new StringBuilder();
        for (String file : files) {
            source.append(read(file));
        }
        Matcher placeholder = PLACEHOLDER.matcher(source);
        StringBuilder filled = new StringBuilder();
        while (placeholder.find()) {
            String value = values.get(placeholder.group(1));
            if (value == null) {
                throw new IllegalStateException("script " + name + " has no value for " + placeholder.group());
            }
            placeholder.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        placeholder.appendTail(filled);
        return of(name, filled.toString());
    }

    private static String read(String file) {
        try (InputStream in = RedisScript.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("script " + FOLDER + file + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("script " + FOLDER + file + " cannot be read", e);
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
