package io.roster.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium, driven through the system's chromedriver (Debian's {@code chromium} and
 * {@code chromium-driver}); nothing is downloaded. A machine without them fails the tests with the
 * command that installs them rather than skipping them. {@code -Dconsole.chromium=...} and
 * {@code -Dconsole.chromedriver=...} point elsewhere.
 */
final class Browser implements AutoCloseable {
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    /** How long a condition may take to hold before the test fails: a bound, never a pause. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    final WebDriver driver;
    private final WebDriverWait wait;

    private Browser(WebDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, PATIENCE);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    static Browser open() {
        Path chromium = find("console.chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser");
        Path driver = find("console.chromedriver", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        if (chromium == null || driver == null) {
            throw new IllegalStateException("The admin console's browser tests need Chromium and its driver, and "
                    + (chromium == null ? "chromium" : "chromedriver") + " was not found. Install them with: "
                    + "sudo apt-get install -y chromium chromium-driver (Debian/Ubuntu), or point -Dconsole.chromium=... "
                    + "and -Dconsole.chromedriver=... at them.");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-extensions", "--no-first-run", "--window-size=1280,1000", "--force-color-profile=srgb");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options));
    }

    private static Path find(String property, String... candidates) {
        String configured = System.getProperty(property);
        if (configured != null && !configured.isBlank()) {
            return Files.isExecutable(Path.of(configured)) ? Path.of(configured) : null;
        }
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        return null;
    }

    <T> T until(Function<WebDriver, T> condition) {
        return wait.until(condition);
    }

    WebElement visible(By by) {
        return until(d -> {
            List<WebElement> found = d.findElements(by);
            return found.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
        });
    }

    /** The card (a section labelled by its heading) once it shows {@code text}. */
    WebElement cardShowing(String title, String text) {
        By by = By.cssSelector("section[aria-label='" + title + "']");
        return until(d -> {
            WebElement card = d.findElements(by).stream().findFirst().orElse(null);
            return card != null && card.getText().contains(text) ? card : null;
        });
    }

    void go(String hash) {
        driver.navigate().to(driver.getCurrentUrl().replaceAll("#.*$", "") + hash);
    }

    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves what the browser shows to target/console-screenshots/{name}.png. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
