package org.distr1.mirrors.coordinator.routing.web;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.core.metrics.Histogram;
import org.distr1.mirrors.shared.metrics.PrometheusEndpoint;

/**
 * What the redirector counts: redirects and origin answers (Dropwizard meters, exported as {@code
 * routing_redirects_total} and {@code routing_origin_total}) and how long a redirect takes to
 * decide and write ({@code distri_redirect_duration_seconds}).
 */
public record RedirectMetrics(Meter redirects, Meter fromOrigin, Histogram latency) {
  /** Buckets around the tens of microseconds a redirect takes, up to a stalled one. */
  private static final double[] BUCKETS = {
    0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 1
  };

  public static RedirectMetrics of(MetricRegistry metrics, PrometheusEndpoint prometheus) {
    return new RedirectMetrics(
        metrics.meter("routing.redirects"),
        metrics.meter("routing.origin"),
        prometheus.latency(
            "distri_redirect_duration_seconds",
            "Time from a repository request to its redirect written",
            BUCKETS));
  }
}
