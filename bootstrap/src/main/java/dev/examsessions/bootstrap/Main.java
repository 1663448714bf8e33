package dev.examsessions.bootstrap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point: configuration from the environment (and .env), start, stop cleanly on SIGTERM/SIGINT;
 * {@code token <userId> [--admin]} prints a user token instead.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        AppConfig config;
        try {
            config = AppConfig.fromEnvironment();
        } catch (ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (args.length > 0 && "token".equals(args[0])) {
            System.exit(TokenCommand.run(args, config, java.time.Clock.systemUTC(), System.out, System.err));
            return;
        }
        Application app;
        try {
            app = Application.start(config);
        } catch (ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down: draining in-flight requests for up to {}", config.shutdownDrain());
            app.close();
        }, "shutdown"));
    }
}
