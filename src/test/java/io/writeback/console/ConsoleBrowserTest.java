package io.writeback.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.abort;

import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which {@code .ci/run}
 * installs): the README's samples dropped, an operator finds the six seed failures by the tag, fixes two causes on the
 * stores page, reads what a retry of those two will likely do, retries them and watches them written back; a form
 * posted without the CSRF token is refused; the read-only user finds no action. Skipped, saying why, where no
 * Chromium is installed. Each page's screenshot lands in {@code target/screenshots}.
 */
class ConsoleBrowserTest extends WritebackTestSupport {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    private WebDriver browser;
    private Path profile;

    @BeforeEach
    void openBrowser() throws IOException {
        if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
            abort("SKIPPED: no " + CHROMIUM + " or " + CHROMEDRIVER
                    + " (apt-get install chromium chromium-driver; .ci/run does)");
        }
        profile = Files.createTempDirectory("console-browser");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                "--user-data-dir=" + profile);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build(),
                options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anOperatorFindsFixesAndRetriesFailedOrders() throws Exception {
        assertThat(api("POST", "/api/sandbox/reset", null).statusCode()).isEqualTo(200);
        try (Stream<Path> files = Files.list(Path.of("samples"))) {
            for (Path sample : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                send(Files.readString(sample));
            }
        }
        try (Stream<Path> files = Files.list(Path.of("samples", "inventory"))) {
            for (Path sample : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                sendInventory(Files.readString(sample));
            }
        }
        List<String> seedFailures = List.of("1003", "1004", "1005", "1006", "3002", "5002");
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT COUNT(*) FROM writeback_order"
                + " WHERE status = 'FAILED'").query(Integer.class).single() == seedFailures.size());
        awaitInventoryCount("sandbox-shopify", "WH-D", "HAT-BLUE", "FAILED");
        awaitInventoryCount("sandbox-shopify", "WH-C", "POSTER-XL", "FAILED");
        logIn("ops", "writeback");

        browser.findElement(By.linkText("Failed")).click();
        assertThat(waitFor(By.id("count-FAILED")).getText()).isEqualTo("6");
        assertThat(orderRows()).containsExactlyInAnyOrderElementsOf(seedFailures);
        screenshot("orders-failed");

        browser.findElement(By.linkText("Failures by cause")).click();
        assertThat(waitFor(By.id("causes")).getText()).contains("LOCATION_NOT_MAPPED", "warehouse WH-B",
                "Map warehouse WH-B to a location of store sandbox-shopify", "LOCATION_NOT_STOCKED");
        screenshot("failures-by-cause");
        WebElement unmapped = browser.findElement(By.cssSelector("#inventory-causes tr[data-store='sandbox-shopify']"
                + "[data-warehouse='WH-D']"));
        assertThat(unmapped.getText()).contains("LOCATION_NOT_MAPPED", "Failed Inventory Writeback",
                "Map warehouse WH-D to a location of store sandbox-shopify", "Write again");
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", unmapped);
        screenshot("failures-inventory");

        // the fixes: WH-B gets a location, WH-C one that stocks the poster
        mapOnStoresPage("sandbox-shopify", "WH-B", "1");
        assertThat(waitFor(By.id("message")).getText()).isEqualTo(
                "Store sandbox-shopify: warehouse WH-B now maps to gid://shopify/Location/1; 1 retries scheduled");
        mapOnStoresPage("sandbox-shopify", "WH-C", "1");
        // WH-C's counts (the tee, and the poster its old location did not stock) are written to the new one at once
        assertThat(waitFor(By.id("message")).getText()).isEqualTo("Store sandbox-shopify: warehouse WH-C now maps to"
                + " gid://shopify/Location/1; 0 retries scheduled; 2 inventory count(s) written again");
        screenshot("stores");

        browser.findElement(By.linkText("Failed")).click();
        waitFor(By.cssSelector("input[value='1003']")).click();
        browser.findElement(By.cssSelector("input[value='1005']")).click();
        browser.findElement(By.id("retry-selected")).click();
        assertThat(waitFor(By.id("summary")).getText()).isEqualTo("2 order(s) selected.");
        assertThat(browser.findElement(By.id("forecast")).getText()).contains("Likely written back",
                "warehouse WH-B is mapped now", "warehouse WH-C maps to another location since it failed");
        assertThat(browser.findElements(By.id("resends"))).isEmpty();
        screenshot("retry-confirm");
        // Shopify's route held for a moment: the page shows the retry under way, then its outcome as it lands
        camel.getRouteController().suspendRoute("writeback-shopify");
        try {
            browser.findElement(By.id("confirm-retry")).click();
            assertThat(waitFor(By.id("queued")).getText()).startsWith("2 shipment(s) queued");
            assertThat(browser.findElement(By.id("progress")).getDomAttribute("data-done")).isEqualTo("false");
        } finally {
            camel.getRouteController().resumeRoute("writeback-shopify");
        }
        WebElement progress = new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions
                .presenceOfElementLocated(By.cssSelector("#progress[data-done='true']")));
        assertThat(progress.getText()).contains("2 written back", "1003 Written back", "1005 Written back");
        screenshot("retry-progress");
        assertThat(jdbc.sql("SELECT status FROM writeback_order WHERE order_number IN ('1003', '1005')")
                .query(String.class).list()).containsExactly("SYNCED", "SYNCED");

        browser.get("http://localhost:" + port + "/orders?status=FAILED");
        assertThat(orderRows()).containsExactlyInAnyOrder("1004", "1006", "3002", "5002");
        browser.get("http://localhost:" + port + "/orders/1005");
        assertThat(waitFor(By.id("timeline")).getText()).contains("FAILED", "RETRY_SCHEDULED", "RETRY_QUEUED",
                "queued by the ops console (user ops)", "SYNCED");
        screenshot("order");

        // a form posted without the session's CSRF token is refused, and retries nothing
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[0];"
                + " fetch('/retries', {method: 'POST', body: new URLSearchParams('orderNumber=1004')})"
                + ".then(answer => done(answer.status));");
        assertThat(status).isEqualTo(403L);
        assertThat(timelineEvents("1004")).doesNotContain("RETRY_QUEUED");
    }

    private void mapOnStoresPage(String storeId, String warehouseId, String locationId) {
        browser.findElement(By.linkText("Stores")).click();
        WebElement store = waitFor(By.cssSelector("tr[data-store='" + storeId + "']"));
        store.findElement(By.name("warehouseId")).sendKeys(warehouseId);
        store.findElement(By.name("locationId")).sendKeys(locationId);
        store.findElement(By.cssSelector("button[type=submit]")).click();
    }

    @Test
    void theReadOnlyUserFindsNoAction() throws Exception {
        send(TestEvent.shopify("SHP-B4").with("warehouseId", "WH-B"));
        awaitShipment("SHP-B4", "FAILED");
        logIn("viewer", "writeback-viewer");

        assertThat(orderRows()).containsExactly("1001");
        assertThat(browser.findElements(By.id("retry-selected"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("input[type=checkbox]"))).isEmpty();
        browser.findElement(By.linkText("1001")).click();
        waitFor(By.id("timeline"));
        assertThat(browser.findElements(By.id("retry-order"))).isEmpty();
    }

    private void logIn(String user, String password) {
        browser.get("http://localhost:" + port + "/");
        browser.findElement(By.name("username")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/orders"));
    }

    /** The element, once the page that has it has loaded (a click that submits a form returns before that). */
    private WebElement waitFor(By element) {
        return new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(element));
    }

    private List<String> orderRows() {
        return browser.findElements(By.cssSelector("#orders tbody tr")).stream()
                .map((WebElement row) -> row.getDomAttribute("data-order")).toList();
    }

    private void screenshot(String name) throws IOException {
        Path file = Path.of("target/screenshots", "console-" + name + ".png");
        Files.createDirectories(file.getParent());
        Files.write(file, ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
