package dev.almanac.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium through {@code /usr/bin/chromedriver} (nothing downloaded: the driver and
 * the browser are given, so Selenium Manager never runs), with the checks every page gets: axe-core
 * finds no serious or critical violation. Screenshots: see {@link #screenshot}.
 */
final class Browser implements AutoCloseable {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    final ChromeDriver driver;
    private final String base;

    Browser(String base) {
        if (!new File(CHROMEDRIVER).canExecute() || !new File(CHROMIUM).canExecute()) {
            throw new IllegalStateException("The console's browser tests need Debian's chromium and chromium-driver: "
                    + "apt-get install -y chromium chromium-driver (.ci/run does this)");
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--disable-extensions", "--no-first-run");
        this.driver = new ChromeDriver(service, options);
        this.driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        this.base = base;
    }

    void open(String path) {
        driver.get(base + path);
    }

    String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    WebElement find(String css) {
        return waitFor(css);
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    boolean has(String css) {
        return !all(css).isEmpty();
    }

    WebElement waitFor(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    void waitForText(String css, String text) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    void type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
    }

    /** Clicks and waits until the page that the click loads has replaced the current one. */
    void clickAndLoad(String css) {
        WebElement old = driver.findElement(By.tagName("html"));
        clickFresh(css);
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> isGone(old));
        waitFor("main");
    }

    /**
     * Clicks the element, finding it again when a refresh replaced it between finding and clicking
     * (the jobs page swaps its table in every 2 s).
     */
    private void clickFresh(String css) {
        for (int attempt = 1; ; attempt++) {
            try {
                find(css).click();
                return;
            } catch (StaleElementReferenceException e) {
                if (attempt == 5) throw e;
            }
        }
    }

    /**
     * Whether the element's document has been replaced. Chrome sometimes answers a question about an
     * element of a document it is tearing down with "does not belong to the document" instead of a
     * stale-element error (ExpectedConditions.stalenessOf lets that through and fails the test).
     */
    private static boolean isGone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) return true;
            throw e;
        }
    }

    void signIn(String apiKey) {
        open("/sign-in");
        type("#api_key", apiKey);
        clickAndLoad("#sign-in");
    }

    String sessionCookie() {
        var cookie = driver.manage().getCookieNamed(ConsoleAuthentication.COOKIE);
        return cookie == null ? null : cookie.getValue();
    }

    /** Fails on any serious or critical axe-core violation of the current page. */
    void assertAccessible() {
        Results results = new AxeBuilder().analyze(driver);
        List<Rule> bad = results.getViolations().stream()
                .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
                .toList();
        assertThat(bad).as(() -> "axe-core on " + path() + ": " + bad.stream()
                .map(v -> v.getId() + " (" + v.getImpact() + "): " + v.getHelp() + " at " + v.getNodes().stream()
                        .map(n -> String.valueOf(n.getTarget())).toList())
                .toList()).isEmpty();
    }

    /**
     * The page at 1280 px wide, and again at a phone's width (checked by axe there too), into
     * target/screenshots/, or into docs/screenshots/ with {@code -Dalmanac.docs.write=true} (as the
     * generated docs are), so an ordinary test run leaves the working tree as it found it.
     */
    void screenshot(String name) {
        try {
            Path dir = screenshots();
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            driver.manage().window().setSize(new Dimension(390, 844));
            assertAccessible();
            Files.write(dir.resolve(name + "-phone.png"), driver.getScreenshotAs(OutputType.BYTES));
            driver.manage().window().setSize(new Dimension(1280, 900));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path screenshots() {
        Path here = Path.of("").toAbsolutePath();
        if (!Boolean.getBoolean("almanac.docs.write")) return here.resolve("target").resolve("screenshots");
        Path root = Files.exists(here.resolve("docs")) ? here : here.getParent(); // run from the repository or service/
        return root.resolve("docs").resolve("screenshots");
    }

    @Override
    public void close() {
        driver.quit();
    }
}
