package org.distr1.mirrors.coordinator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.distr1.mirrors.coordinator.CoordinatorConfiguration;
import org.distr1.mirrors.coordinator.TestCoordinator;
import org.distr1.mirrors.shared.sample.SampleRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The public list and the status page against a real coordinator (real H2 file, real prober and
 * verifier) with mirrors in four states and five countries, set up through the API; the page in
 * Debian's headless Chromium. Leaves {@code target/status-page.png} to look at.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusPageIT {

  static final Path DATA = TestCoordinator.newDataDir();
  static final DropwizardAppExtension<CoordinatorConfiguration> APP =
      TestCoordinator.extension(DATA, StatusNetwork.overrides(DATA));

  static StatusNetwork network;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    network = StatusNetwork.start(DATA, APP);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      network.close();
    }
  }

  /** Last: it changes a report, which the other tests' assertions would see. */
  @Test
  @Order(Integer.MAX_VALUE)
  void thePageShowsEveryMirrorInTheTableAndOnTheMapWithoutConsoleErrors() throws Exception {
    browser = HeadlessChromium.start(DATA.resolve("chromium"), 1280, 1500);
    browser.get("http://127.0.0.1:" + APP.getLocalPort() + "/");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    int located = (int) StatusNetwork.MIRRORS.stream().filter(m -> m.country() != null).count();
    wait.until(
        page ->
            page.findElements(By.cssSelector("#rows tr[data-mirror]")).size()
                    == StatusNetwork.MIRRORS.size()
                && page.findElements(By.cssSelector("#dots circle.dot")).size() == located);

    for (StatusNetwork.Mirror mirror : StatusNetwork.MIRRORS) {
      long id = network.id(mirror.slug());
      WebElement row = browser.findElement(By.cssSelector("#rows tr[data-mirror='" + id + "']"));
      // names are text, never markup: "Sydney <mirror>" shows its angle brackets
      assertThat(row.findElement(By.cssSelector("th .mirror-name")).getText())
          .isEqualTo(mirror.name());
      assertThat(row.findElement(By.cssSelector("a.url")).getAttribute("href"))
          .isEqualTo(network.baseUrl(mirror.slug()));
      assertThat(row.findElement(By.cssSelector(".badge")).getText())
          .isEqualTo(mirror.expectedState());
      assertThat(row.findElement(By.cssSelector("td.country")).getText())
          .isEqualTo(
              mirror.country() == null
                  ? "unknown"
                  : mirror.country() + " " + countryName(mirror.country()));
      List<WebElement> dots =
          browser.findElements(By.cssSelector("#dots circle.dot[data-mirror='" + id + "']"));
      if (mirror.country() == null) {
        assertThat(dots).isEmpty();
      } else {
        assertThat(dots).hasSize(1);
        assertThat(dots.get(0).getAttribute("class"))
            .isEqualTo("dot state-" + mirror.expectedState());
      }
    }

    WebElement frankfurt = row("fra");
    // the reports say the last sync started 3 h 17 min before the set-up
    assertThat(frankfurt.findElement(By.cssSelector("td.freshness")).getText())
        .matches("3 h 1[789] min");
    assertThat(frankfurt.findElements(By.cssSelector(".chip.pass")))
        .extracting(chip -> chip.getAttribute("title"))
        .containsExactly("zstd check passed", "gzip check passed");
    assertThat(frankfurt.findElement(By.cssSelector("td.probe")).getText()).startsWith("ok, ");
    assertThat(row("tyo").findElement(By.cssSelector("td.probe")).getText())
        .startsWith("failed, ")
        .contains("HTTP 404");
    assertThat(row("tyo").findElements(By.cssSelector(".chip.fail"))).hasSize(2);
    assertThat(row("gru").findElement(By.cssSelector("progress")).getAttribute("value"))
        .isEqualTo("42");
    assertThat(row("gru").findElement(By.cssSelector(".progress-text")).getText())
        .isEqualTo("42 % · 3.2 GiB");
    assertThat(browser.findElements(By.cssSelector("#land path")).size())
        .as("countries drawn")
        .isGreaterThan(150);
    assertThat(browser.findElement(By.cssSelector(".total[data-state='up'] .count")).getText())
        .isEqualTo("4");
    assertThat(browser.findElement(By.id("problem")).isDisplayed()).isFalse();

    Path screenshot = Path.of("target/status-page.png");
    Files.copy(
        browser.getScreenshotAs(OutputType.FILE).toPath(),
        screenshot,
        StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(screenshot)).isPositive();

    // the page follows the API on its own (here every second; rows are redrawn, hence stale ones)
    browser.get("http://127.0.0.1:" + APP.getLocalPort() + "/?refresh=1");
    WebDriverWait redrawing = new WebDriverWait(browser, Duration.ofSeconds(30));
    redrawing.ignoring(StaleElementReferenceException.class);
    redrawing.until(
        page ->
            "42".equals(row("gru").findElement(By.cssSelector("progress")).getAttribute("value")));
    network.report("gru", 87);
    redrawing.until(
        page ->
            "87".equals(row("gru").findElement(By.cssSelector("progress")).getAttribute("value")));

    List<LogEntry> severe =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
            .toList();
    assertThat(severe).as("browser console errors").isEmpty();
  }

  /** The charts draw one line per series the statistics hold, labelled with the mirror's name. */
  @Test
  @Order(Integer.MAX_VALUE - 1)
  void theDownloadChartsShowRequestsPerMirrorAndPerCountry() throws Exception {
    String file = "/" + SampleRepository.open(DATA.resolve("origin")).packages("jackherer").get(0);
    int requests = 24;
    for (int i = 0; i < requests; i++) {
      assertThat(get(file).statusCode()).isIn(200, 302);
    }
    ObjectMapper json = new ObjectMapper();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> json.readTree(get("/api/v1/stats").body()).get("total").asLong() >= requests);
    JsonNode byMirror = json.readTree(get("/api/v1/stats").body());

    ChromeDriver charts = HeadlessChromium.start(DATA.resolve("chromium-charts"), 1280, 1500);
    try {
      charts.get("http://127.0.0.1:" + APP.getLocalPort() + "/");
      new WebDriverWait(charts, Duration.ofSeconds(30))
          .until(
              page ->
                  page.findElements(By.cssSelector("#legend-mirror li")).size()
                          == byMirror.get("series").size()
                      && !page.findElements(By.cssSelector("#legend-country li")).isEmpty());
      for (JsonNode series : byMirror.get("series")) {
        String key = series.get("key").asText();
        assertThat(
                charts.findElements(
                    By.cssSelector("#chart-mirror polyline[data-key='" + key + "']")))
            .hasSize(1);
        String expected =
            key.equals("0") ? "origin (no mirror)" : byMirror.get("mirrors").get(key).asText();
        assertThat(
                charts
                    .findElement(
                        By.cssSelector("#legend-mirror li[data-key='" + key + "'] .series-name"))
                    .getText())
            .isEqualTo(expected);
      }
      // the test's client is on loopback, which GeoIP cannot place
      assertThat(
              charts
                  .findElement(By.cssSelector("#legend-country li[data-key=''] .series-name"))
                  .getText())
          .isEqualTo("unknown");
      assertThat(charts.findElement(By.id("caption-mirror")).getText())
          .endsWith("requests in the last 24 hours, per hour.");
      // the propagation plot is drawn by the coordinator: the browser shows it as an image
      new WebDriverWait(charts, Duration.ofSeconds(30))
          .until(
              page ->
                  Boolean.TRUE.equals(
                      charts.executeScript(
                          "const plot = document.getElementById('propagation');"
                              + " return plot.complete && plot.naturalWidth === 760;")));
      assertThat(
              charts.manage().logs().get(LogType.BROWSER).getAll().stream()
                  .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                  .toList())
          .as("browser console errors")
          .isEmpty();
    } finally {
      charts.quit();
    }
  }

  static Map<String, JsonNode> bySlug(JsonNode listed) {
    Map<String, JsonNode> mirrors = new HashMap<>();
    listed.forEach(m -> mirrors.put(network.spec(m.get("id").asLong()).slug(), m));
    return mirrors;
  }

  /** A phone-sized window: the page fits its width; only the table may scroll, inside its card. */
  @Test
  void atAPhonesWidthThePageDoesNotScrollSideways() throws Exception {
    ChromeDriver narrow = HeadlessChromium.start(DATA.resolve("chromium-420"), 420, 900);
    try {
      // headless Chromium's window is never narrower than about 485 px; emulate the phone's 420
      narrow.executeCdpCommand(
          "Emulation.setDeviceMetricsOverride",
          Map.of("width", 420, "height", 900, "deviceScaleFactor", 1, "mobile", true));
      narrow.get("http://127.0.0.1:" + APP.getLocalPort() + "/");
      new WebDriverWait(narrow, Duration.ofSeconds(30))
          .until(
              page ->
                  page.findElements(By.cssSelector("#rows tr[data-mirror]")).size()
                      == StatusNetwork.MIRRORS.size());
      Path screenshot = Path.of("target/status-page-420.png");
      Files.copy(
          narrow.getScreenshotAs(OutputType.FILE).toPath(),
          screenshot,
          StandardCopyOption.REPLACE_EXISTING);
      Object widths =
          narrow.executeScript(
              "return [document.documentElement.scrollWidth,"
                  + " document.documentElement.clientWidth];");
      Object wider =
          narrow.executeScript(
              "const w = document.documentElement.clientWidth;"
                  + " return [...document.querySelectorAll('body *')]"
                  + ".filter(e => !e.closest('.table-scroll')"
                  + " && e.getBoundingClientRect().right > w + 1)"
                  + ".map(e => e.tagName.toLowerCase() + '.' + e.className).join(' ');");
      assertThat(((List<?>) widths).get(1)).isEqualTo(420L);
      assertThat(widths)
          .as("page and window width; wider than the window: %s", wider)
          .asList()
          .element(0)
          .isEqualTo(((List<?>) widths).get(1));
    } finally {
      narrow.quit();
    }
  }

  @Test
  void everyApprovedMirrorIsListedWithItsStateProbeCompressionAndSync() throws Exception {
    Map<String, JsonNode> m = bySlug(network.publicList());
    assertThat(m.keySet()).containsExactlyInAnyOrder("fra", "nyc", "gru", "tyo", "syd", "nowhere");

    JsonNode fra = m.get("fra");
    assertThat(fra.get("state").asText()).isEqualTo("up");
    assertThat(fra.get("baseUrl").asText()).isEqualTo(network.baseUrl("fra"));
    assertThat(fra.at("/location/country").asText()).isEqualTo("DE");
    assertThat(fra.at("/location/latitude").asDouble()).isEqualTo(50.11);
    assertThat(fra.at("/lastProbe/ok").asBoolean()).isTrue();
    assertThat(fra.at("/lastProbe/failure").isNull()).isTrue();
    assertThat(fra.at("/compression/zstd").asBoolean()).isTrue();
    assertThat(fra.at("/compression/gzip").asBoolean()).isTrue();
    // the report says the last sync started 3 h 17 min ago
    assertThat(fra.get("freshnessAgeSeconds").asLong())
        .isBetween(3 * 3600L + 17 * 60, 3 * 3600L + 20 * 60);
    assertThat(fra.get("syncing").isNull()).isTrue();
    assertThat(fra.get("reportedAt").isNull()).isFalse();

    JsonNode gru = m.get("gru");
    assertThat(gru.at("/syncing/percent").asInt()).isEqualTo(42);
    assertThat(gru.at("/syncing/bytesTransferred").asLong()).isEqualTo(3_456_789_012L);

    JsonNode tyo = m.get("tyo");
    assertThat(tyo.get("state").asText()).isEqualTo("down");
    assertThat(tyo.at("/lastProbe/ok").asBoolean()).isFalse();
    assertThat(tyo.at("/lastProbe/failure").asText()).contains("HTTP 404");
    assertThat(tyo.at("/compression/zstd").asBoolean()).isFalse();

    JsonNode syd = m.get("syd");
    assertThat(syd.get("state").asText()).isEqualTo("paused");
    assertThat(syd.get("lastProbe").isNull()).as("a paused mirror is not probed").isTrue();

    assertThat(m.get("nowhere").get("location").isNull()).isTrue();
    assertThat(m.get("nowhere").get("state").asText()).isEqualTo("up");
  }

  @Test
  void theListShowsNoContactDataNoSecretsAndNoUnapprovedMirror() throws Exception {
    String body = get("/api/v1/mirrors").body();
    assertThat(body)
        .doesNotContain("example.org")
        .doesNotContain("contactEmail")
        .doesNotContain("token")
        .doesNotContain("rsyncSources")
        .doesNotContain("Pending mirror");
  }

  @Test
  void theLastProbeIsRecentBecauseTheProberKeepsProbing() throws Exception {
    JsonNode fra = bySlug(network.publicList()).get("fra");
    Instant probed =
        new ObjectMapper()
            .findAndRegisterModules()
            .convertValue(fra.at("/lastProbe/at"), Instant.class);
    assertThat(probed).isAfter(Instant.now().minusSeconds(30));
  }

  @Test
  void theRootIsThePageWithAStrictContentSecurityPolicy() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValue(StatusPage.CONTENT_SECURITY_POLICY);
    assertThat(page.body())
        .contains("<table id=\"mirrors\"", "/status/status.js", "/status/status.css")
        .doesNotContain("http://", "https://");
  }

  @Test
  void theAssetsAreServedUnderStatusAndNothingElseMovedIntoTheRoot() throws Exception {
    HttpResponse<String> script = get("/status/status.js");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
    assertThat(get("/status/status.css").statusCode()).isEqualTo(200);

    JsonNode world = new ObjectMapper().readTree(get("/status/world-110m.json").body());
    assertThat(world.get("countries").size()).isGreaterThan(150);
    assertThat(world.get("width").asInt()).isEqualTo(720);

    assertThat(get("/status/missing.js").statusCode()).isEqualTo(404);
    assertThat(get("/index.php").statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/mirrors").headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
  }

  static WebElement row(String slug) {
    return browser.findElement(By.cssSelector("#rows tr[data-mirror='" + network.id(slug) + "']"));
  }

  /** What the page shows beside the code: Chromium's English region names. */
  static String countryName(String code) {
    return switch (code) {
      case "DE" -> "Germany";
      case "US" -> "United States";
      case "BR" -> "Brazil";
      case "JP" -> "Japan";
      case "AU" -> "Australia";
      default -> throw new IllegalArgumentException(code);
    };
  }

  static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
