package dev.examsessions.bench;

import io.javalin.Javalin;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;

// Usage: FloorServer <httpPort> <redisPort> [poolSize]
/** The floor of a session read: a bare Javalin 7 handler doing one Jedis GET of a session's JSON and returning it. */
public final class FloorServer {
    private FloorServer() {
    }

    public static void main(String[] args) {
        int httpPort = Integer.parseInt(args[0]);
        int redisPort = Integer.parseInt(args[1]);
        // one connection per load-generator connection by default: the floor should not queue for the pool
        int poolSize = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(poolSize);
        pool.setMaxIdle(poolSize);
        pool.setMaxWait(Duration.ofSeconds(1));
        RedisClient redis = RedisClient.builder()
                .hostAndPort(new HostAndPort("127.0.0.1", redisPort))
                // the service pins RESP2 too; same socket timeout as the service's adapter
                .clientConfig(DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP2)
                        .socketTimeoutMillis(2000).connectionTimeoutMillis(2000).build())
                .poolConfig(pool)
                .build();
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.port = httpPort;
            cfg.jetty.host = "127.0.0.1";
            cfg.routes.get("/floor/{sessionId}", ctx -> {
                String json = redis.get("exam:session:" + ctx.pathParam("sessionId"));
                if (json == null) {
                    ctx.status(404);
                } else {
                    ctx.contentType("application/json").result(json);
                }
            });
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            redis.close();
        }, "floor-shutdown"));
        app.start();
        System.out.println("floor server on 127.0.0.1:" + app.port() + ", Redis 127.0.0.1:" + redisPort + ", pool " + poolSize);
    }
}
