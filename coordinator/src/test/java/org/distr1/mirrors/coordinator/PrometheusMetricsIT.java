package org.distr1.mirrors.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_29_3.Metrics;
import java.net.URI;
import java.util.Map;
import org.distr1.mirrors.shared.testing.PrometheusScrape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The coordinator's admin {@code /metrics}, scraped and read with Prometheus's own parsers. */
@ExtendWith(DropwizardExtensionsSupport.class)
class PrometheusMetricsIT {
  private static final DropwizardAppExtension<CoordinatorConfiguration> APP =
      TestCoordinator.extension(TestCoordinator.newDataDir());

  private static URI metrics() {
    return URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/metrics");
  }

  @Test
  void countersAndLatencyHistogramsInTheTextFormatPrometheusParses() throws Exception {
    PrometheusScrape.Text text = PrometheusScrape.text(metrics());
    assertThat(text.body())
        .contains(
            "# TYPE routing_redirects_total counter",
            "# TYPE registry_reports_stored_total counter",
            "# TYPE distri_redirect_duration_seconds histogram",
            "distri_redirect_duration_seconds_bucket{le=\"5.0E-5\"}",
            "# TYPE distri_report_duration_seconds histogram");
    // no mirror is registered here, so the per-mirror gauges (RoutingMetricsTest) have no series
    assertThat(PrometheusScrape.lintAbout(text, "distri_", "routing_", "registry_")).isEmpty();

    Map<String, Metrics.MetricFamily> families = PrometheusScrape.families(metrics());
    assertThat(families.get("distri_redirect_duration_seconds").getType())
        .isEqualTo(Metrics.MetricType.HISTOGRAM);
    assertThat(families.get("distri_report_duration_seconds").getType())
        .isEqualTo(Metrics.MetricType.HISTOGRAM);
    assertThat(families.get("routing_redirects_total").getType())
        .isEqualTo(Metrics.MetricType.COUNTER);
  }

  @Test
  void theOtherAdminPagesStay() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var ping =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/ping"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(ping.statusCode()).isEqualTo(200);
    assertThat(ping.body()).contains("pong");
  }
}
