package dev.examsessions.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** External command-line tools of the suite (Debian's prometheus and promtool) and the shipped {@code ops/} files. */
final class Tools {
    private Tools() {
    }

    /** Fails with what to install when {@code binary} is not on the PATH. */
    static void require(String binary, String... probeArgs) {
        List<String> command = new ArrayList<>(List.of(binary));
        command.addAll(List.of(probeArgs));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("`" + binary + "` is not installed: install Debian's prometheus package "
                    + "(apt-get install prometheus, which also brings promtool), as .ci/run does", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command to its end (2 minutes at most); its exit status and merged output. */
    static Result run(Path dir, String... command) {
        require(command[0], "--version");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within 2 minutes:\n" + out);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The project's {@code ops/} directory: system property {@code e2e.opsDir} (set by failsafe), else {@code ../ops}. */
    static Path opsDir() {
        Path dir = Path.of(System.getProperty("e2e.opsDir", "../ops")).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("ops/ directory not found at " + dir);
        }
        return dir;
    }

    static Path alertRules() {
        return opsDir().resolve("prometheus").resolve("alerts.yml");
    }

    /** Exit status and output of a command. */
    record Result(int status, String output) {
    }
}
