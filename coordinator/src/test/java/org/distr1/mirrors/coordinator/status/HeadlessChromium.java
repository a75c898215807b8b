package org.distr1.mirrors.coordinator.status;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium and ChromeDriver, named explicitly so that Selenium Manager never runs (it
 * would try to download a browser; the build machines have no network beyond the registries).
 */
final class HeadlessChromium {

  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private HeadlessChromium() {}

  /** A fresh browser with its own profile in {@code profile}, logging the page's console. */
  static ChromeDriver start(Path profile, int width, int height) throws Exception {
    if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
      throw new IllegalStateException(
          BROWSER
              + " and "
              + DRIVER
              + " are needed for the status page test;"
              + " install them with: config/scripts/ensure-tools.sh chromium chromedriver:chromium-driver"
              + " (Debian packages chromium and chromium-driver; config/scripts/test.sh and CI do this)");
    }
    Files.createDirectories(profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .withLogFile(profile.resolve("chromedriver.log").toFile())
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(new File(BROWSER.toString()));
    // as root in a container: no sandbox, no GPU, no /dev/shm; and nothing that phones home
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--no-first-run",
        "--disable-quic",
        "--user-data-dir=" + profile.resolve("profile"),
        "--window-size=" + width + "," + height,
        "--force-device-scale-factor=1",
        "--lang=en-GB");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    return new ChromeDriver(service, options);
  }
}
