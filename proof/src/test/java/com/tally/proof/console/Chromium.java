package com.tally.proof.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium, driven through its own chromedriver (both from the {@code chromium} and
 * {@code chromium-driver} packages, which .ci/run installs), at the size an operator's laptop shows.
 * Nothing is downloaded: Selenium is told where both are.
 */
final class Chromium implements AutoCloseable {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final int WIDTH = 1280;
    static final int HEIGHT = 800;

    private final ChromeDriver driver;
    private final Path screenshots;

    Chromium(Path screenshots) throws IOException {
        for (Path needed : List.of(BROWSER, DRIVER)) {
            if (!Files.isExecutable(needed)) {
                throw new IllegalStateException(needed + " is missing: install Debian's chromium and chromium-driver"
                        + " (apt-get install -y --no-install-recommends chromium chromium-driver), as .ci/run does");
            }
        }
        this.screenshots = Files.createDirectories(screenshots);
        var service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        var options = new ChromeOptions().setBinary(BROWSER.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=" + WIDTH + "," + HEIGHT);
        this.driver = new ChromeDriver(service, options);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Runs {@code script} in the page and returns what it returns, as Selenium maps it (lists, maps, longs, strings). */
    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** The page's width as laid out: wider than the window means a horizontal scroll bar. */
    long scrollWidth() {
        return (Long) script("return document.documentElement.scrollWidth;");
    }

    /** Keeps what the browser shows as {@code <name>.png}, for whoever reads the build's output. */
    Path screenshot(String name) throws IOException {
        Path file = screenshots.resolve(name + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
