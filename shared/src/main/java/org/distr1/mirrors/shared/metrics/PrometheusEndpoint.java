package org.distr1.mirrors.shared.metrics;

import io.dropwizard.core.setup.Environment;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Prometheus exposition at {@code /metrics} on the admin port, written by the Prometheus client
 * library: every Dropwizard metric through its bridge (meters and counters as {@code _total}
 * counters, timers as summaries), plus the latency histograms the programs register here
 * (Dropwizard has none with fixed buckets, which is what Prometheus aggregates across
 * coordinators). The exact mapping wins over Dropwizard's admin servlet at {@code /*}, whose JSON
 * {@code /metrics} it replaces; {@code /healthcheck}, {@code /ping} and {@code /threads} stay.
 */
public final class PrometheusEndpoint {
  public static final String PATH = "/metrics";

  private final PrometheusRegistry registry = new PrometheusRegistry();

  private PrometheusEndpoint() {}

  public static PrometheusEndpoint install(Environment environment) {
    PrometheusEndpoint endpoint = new PrometheusEndpoint();
    DropwizardExports.builder()
        .dropwizardRegistry(environment.metrics())
        .register(endpoint.registry);
    environment
        .admin()
        .addServlet("prometheus", new PrometheusMetricsServlet(endpoint.registry))
        .addMapping(PATH);
    return endpoint;
  }

  /** A registry of its own, for tests that wire one handler without an application. */
  public static PrometheusEndpoint detached() {
    return new PrometheusEndpoint();
  }

  /** Metrics computed at scrape time (gauges over a program's current state). */
  public void register(MultiCollector collector) {
    registry.register(collector);
  }

  /**
   * A latency histogram in seconds.
   *
   * @param buckets upper bounds in seconds, ascending
   */
  public Histogram latency(String name, String help, double... buckets) {
    return Histogram.builder()
        .name(name)
        .help(help)
        .classicUpperBounds(buckets)
        .classicOnly()
        .register(registry);
  }
}
