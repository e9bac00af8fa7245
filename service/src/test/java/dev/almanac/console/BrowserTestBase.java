package dev.almanac.console;

import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.ContextConfiguration;

/** The console's browser tests: the embedded-database context, and a fresh headless Chromium per test. */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
abstract class BrowserTestBase extends ApiTestBase {
    Browser browser;

    @BeforeEach
    void startBrowser() {
        browser = new Browser("http://127.0.0.1:" + port);
    }

    @AfterEach
    void stopBrowser() {
        browser.close();
    }
}
