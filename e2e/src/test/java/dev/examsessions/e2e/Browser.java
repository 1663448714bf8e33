package dev.examsessions.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through Debian's chromedriver. Both paths are given explicitly, so Selenium
 * Manager never runs and nothing is downloaded; every browser gets a fresh profile directory.
 */
final class Browser {
    static final Path CHROMIUM = Path.of(System.getProperty("e2e.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("e2e.chromedriver", "/usr/bin/chromedriver"));

    private Browser() {
    }

    /** A new headless browser with a 1280×900 window. Fails (never skips) when chromium is missing. */
    static ChromeDriver start() {
        for (Path tool : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(tool)) {
                throw new IllegalStateException(tool + " is missing: the browser tests need Debian's Chromium — "
                        + "run `apt-get install chromium chromium-driver` (as .ci/run does)");
            }
        }
        Path profile;
        try {
            profile = Files.createTempDirectory(E2e.workDir(), "chromium-profile-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Flags for a root, headless, offline machine: no sandbox (root), no GPU, and none of the background
        // traffic (updates, sync, QUIC probes) that would try to reach hosts outside loopback.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(profile.resolve("chromedriver.log").toFile())
                .build();
        return new ChromeDriver(service, options);
    }

    /** Saves a PNG of the viewport to {@code target/screenshots/<name>.png} and returns its path. */
    static Path screenshot(ChromeDriver driver, String name) {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Path dir = E2e.workDir().getParent().resolve("screenshots");
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
