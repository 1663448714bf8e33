package dev.examsessions.bootstrap;

import java.time.Duration;

/** A rate such as {@code 20/m}: at most {@code limit} events per {@code window}. */
public record RateLimitSetting(int limit, Duration window) {
    static RateLimitSetting parse(String variable, String raw) {
        String[] parts = raw.strip().split("/");
        String allowed = variable + " must look like 20/m (a positive count per s, m or h), not '" + raw + "'";
        if (parts.length != 2) {
            throw new ConfigException(allowed);
        }
        int limit;
        try {
            limit = Integer.parseInt(parts[0].strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(allowed);
        }
        Duration window = switch (parts[1].strip()) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            default -> throw new ConfigException(allowed);
        };
        if (limit < 1) {
            throw new ConfigException(allowed);
        }
        return new RateLimitSetting(limit, window);
    }
}
