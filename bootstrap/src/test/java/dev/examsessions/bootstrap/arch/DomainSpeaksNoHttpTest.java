package dev.examsessions.bootstrap.arch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The domain's sources (messages, log lines, comments) name no HTTP status, header or protocol: web turns refusals
 * into HTTP. ArchUnit sees types, not text, so this reads the sources; the canary proves the pattern fires.
 */
class DomainSpeaksNoHttpTest {
    private static final Path DOMAIN_SOURCES = Path.of("..", "domain", "src", "main", "java");
    private static final Pattern HTTP_WORDS = Pattern.compile("\\bHTTP\\b|\\b[45]\\d\\d\\b|\\b(If-Match|If-None-Match|ETag"
            + "|Retry-After|WWW-Authenticate|Content-Type|Content-Length|Cache-Control|Authorization|X-Request-Id)\\b",
            Pattern.CASE_INSENSITIVE);

    static List<String> httpWords(String source) {
        List<String> found = new ArrayList<>();
        Matcher m = HTTP_WORDS.matcher(source);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    @Test
    void domainSourcesNameNoHttp() throws IOException {
        List<String> offending = new ArrayList<>();
        int files;
        try (Stream<Path> sources = Files.walk(DOMAIN_SOURCES)) {
            List<Path> java = sources.filter(p -> p.toString().endsWith(".java")).toList();
            files = java.size();
            for (Path file : java) {
                List<String> words = httpWords(Files.readString(file));
                if (!words.isEmpty()) {
                    offending.add(DOMAIN_SOURCES.relativize(file) + " " + words);
                }
            }
        }
        assertTrue(files > 10, "read the domain's sources at " + DOMAIN_SOURCES.toAbsolutePath());
        assertEquals(List.of(), offending);
    }

    @Test
    void canaryHttpWordsAreFound() {
        assertFalse(httpWords("\"If-Match was version 3\"").isEmpty());
        assertFalse(httpWords("// refusing requests (503)").isEmpty());
        assertFalse(httpWords("the Retry-After header").isEmpty());
        assertEquals(List.of(), httpWords("At most 200 questions; between 1 and 1440 minutes."));
    }
}
