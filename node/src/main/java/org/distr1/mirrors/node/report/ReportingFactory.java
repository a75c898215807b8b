package org.distr1.mirrors.node.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.distr1.mirrors.node.serve.ServedTotals;
import org.distr1.mirrors.node.sync.SyncService;
import org.distr1.mirrors.shared.api.NodeReport;

/**
 * The {@code reporting:} section of the node configuration: where the coordinator is and where the
 * mirror's token lies (written by the {@code enroll} command). Leave the section out to run a node
 * that reports to nobody.
 */
public class ReportingFactory {

  /** The coordinator's base URL, e.g. {@code https://repo.distr1.org}. */
  @NotEmpty @JsonProperty public String coordinator;

  /** The mirror token file (mode 0600); the mirror id is read from the token. */
  @NotEmpty @JsonProperty public String tokenFile;

  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @JsonProperty
  public Duration interval = Duration.seconds(60);

  /**
   * Refused at start-up: a URL without scheme or host parsed as a relative URI and failed only at
   * the first report, and reports go to {@code /api/v1/...} on the host, so a path would be lost.
   */
  @JsonIgnore
  @AssertTrue(
      message =
          "coordinator must be the coordinator's http(s) URL without a path, e.g."
              + " https://repo.distr1.org")
  public boolean isCoordinatorUrl() {
    if (coordinator == null || coordinator.isEmpty()) {
      return true; // @NotEmpty says so
    }
    try {
      URI uri = new URI(coordinator);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null
          && (uri.getRawPath() == null
              || uri.getRawPath().isEmpty()
              || uri.getRawPath().equals("/"))
          && uri.getRawQuery() == null
          && uri.getRawFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @JsonProperty
  public Duration timeout = Duration.seconds(10);

  /**
   * Starts reporting with the application. Fails at start-up when the token file cannot be read,
   * not at the first report.
   *
   * @param version the node's version as it tells the coordinator ({@code dev} when unknown)
   */
  public void build(
      Environment environment,
      SyncService sync,
      Path mirrorRoot,
      Supplier<ServedTotals> served,
      String version) {
    String token;
    try {
      token = TokenFile.read(Path.of(tokenFile));
    } catch (IOException e) {
      throw new UncheckedIOException("reporting.tokenFile " + tokenFile + " cannot be read", e);
    }
    CoordinatorClient client =
        new HttpCoordinatorClient(
            URI.create(coordinator),
            TokenFile.mirrorId(token),
            token,
            environment.getObjectMapper(),
            timeout.toJavaDuration());
    Supplier<Map<String, NodeReport.Served>> counters =
        () -> {
          Map<String, NodeReport.Served> byEncoding = new LinkedHashMap<>();
          served
              .get()
              .byEncoding()
              .forEach(
                  (encoding, counts) ->
                      byEncoding.put(
                          encoding, new NodeReport.Served(counts.requests(), counts.bytes())));
          return byEncoding;
        };
    Reporter reporter =
        new Reporter(
            client,
            sync::status,
            sync::trigger,
            counters,
            mirrorRoot,
            version,
            interval.toJavaDuration(),
            Clock.systemUTC());
    sync.afterEachSuccess(reporter::reportSoon);
    environment.lifecycle().manage(reporter);
  }
}
