package org.sila;

import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for the browser tests, found on this machine or not at all: Selenium is never allowed to
 * download a browser. Without Chromium and its driver the tests are skipped with the reason, so {@code ./mvnw test}
 * passes on a machine with only a JDK; with {@code CI=true} they are required and fail instead.
 * {@code CHROME_BIN} and {@code CHROMEDRIVER} point at other installations.
 */
public final class Chromium implements ExecutionCondition {

    static final String HOW = "install them (Debian/Ubuntu: apt-get install chromium chromium-driver) or set "
            + "CHROME_BIN and CHROMEDRIVER; with CI=true these tests are required";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> missing = missing();
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("Chromium and chromedriver found");
        }
        String reason = "Browser tests skipped: " + missing.get() + " not found; " + HOW;
        if (required()) {
            throw new IllegalStateException("CI=true: the browser tests are required, but " + missing.get()
                    + " was not found; " + HOW);
        }
        tellTheConsole(reason);
        return ConditionEvaluationResult.disabled(reason);
    }

    /** Starts headless Chromium, in Arabic, with Chromium's own files under {@code target/} (see the pom). */
    public static ChromeDriver start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser().orElseThrow().toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--lang=ar");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver().orElseThrow().toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /**
     * Surefire keeps test output in files (the pom's {@code redirectTestOutputToFile}) and reports a skip without its
     * reason, so the one line goes to the fork's own standard error, which the pom's TCP fork node passes to the console.
     */
    private static void tellTheConsole(String line) {
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8).println(line);
    }

    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static Optional<String> missing() {
        if (browser().isEmpty() && driver().isEmpty()) {
            return Optional.of("Chromium and chromedriver were");
        }
        if (browser().isEmpty()) {
            return Optional.of("Chromium (chromium, chromium-browser or CHROME_BIN) was");
        }
        return driver().isEmpty() ? Optional.of("chromedriver (chromium-driver or CHROMEDRIVER) was")
                : Optional.empty();
    }

    private static Optional<Path> browser() {
        return find("CHROME_BIN", List.of("chromium", "chromium-browser", "google-chrome"));
    }

    private static Optional<Path> driver() {
        return find("CHROMEDRIVER", List.of("chromedriver"));
    }

    private static Optional<Path> find(String variable, List<String> names) {
        String set = System.getenv(variable);
        if (set != null && !set.isBlank()) {
            return Optional.of(Path.of(set)).filter(Files::isExecutable);
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isBlank())
                .flatMap(dir -> names.stream().map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable).findFirst();
    }
}
