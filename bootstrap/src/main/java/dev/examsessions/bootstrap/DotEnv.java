package dev.examsessions.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads an optional {@code .env} file (KEY=VALUE lines) and merges it under the real environment. */
final class DotEnv {
    private DotEnv() {
    }

    /** The file's entries overlaid by {@code environment}: the environment wins. */
    static Map<String, String> merge(Path file, Map<String, String> environment) {
        Map<String, String> merged = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            merged.putAll(parse(read(file), file));
        }
        merged.putAll(environment);
        return merged;
    }

    static Map<String, String> parse(List<String> lines, Path source) {
        Map<String, String> values = new LinkedHashMap<>();
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(source + " line " + number + ": expected KEY=VALUE, got '" + raw + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            } else {
                int comment = value.indexOf(" #");
                if (comment >= 0) {
                    value = value.substring(0, comment).strip();
                }
            }
            values.put(key, value);
        }
        return values;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
