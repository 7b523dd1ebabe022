package dev.dynsolo.app.server;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium under its chromedriver, headless, as root, with no network of its own. On CI
 * its absence fails the test (.ci/run installs it); elsewhere the test is skipped.
 */
final class HeadlessChromium {
  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File DRIVER = new File("/usr/bin/chromedriver");

  private HeadlessChromium() {}

  static ChromeDriver start(Path profile) throws Exception {
    boolean present = CHROMIUM.canExecute() && DRIVER.canExecute();
    if (System.getenv("CI") != null) {
      assertTrue(present, "CI must have /usr/bin/chromium and /usr/bin/chromedriver (.ci/run installs them)");
    }
    assumeTrue(present, "Debian chromium and chromium-driver are not installed");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + Files.createDirectories(profile), "--window-size=1280,1000");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }
}
