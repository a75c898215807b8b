package org.distr1.mirrors.coordinator.routing;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.distr1.mirrors.coordinator.probe.ProbeRecord;

/**
 * Per-mirror gauges for alerting, read at scrape time from the current routing snapshot and the
 * prober's records (nothing is counted on the request path): whether the mirror is up, how many
 * probes in a row failed, and how old its probe-confirmed and its reported sync starts are.
 * Labelled by mirror name, which the maintainer controls (a bounded set).
 */
public final class RoutingMetrics implements MultiCollector {
  private final Supplier<RoutingSnapshot> snapshot;
  private final Supplier<List<ProbeRecord>> probes;
  private final Clock clock;

  public RoutingMetrics(
      Supplier<RoutingSnapshot> snapshot, Supplier<List<ProbeRecord>> probes, Clock clock) {
    this.snapshot = snapshot;
    this.probes = probes;
    this.clock = clock;
  }

  @Override
  public MetricSnapshots collect() {
    Instant now = clock.instant();
    Map<Long, ProbeRecord> records = new HashMap<>();
    for (ProbeRecord record : probes.get()) {
      records.put(record.mirrorId(), record);
    }
    GaugeSnapshot.Builder up =
        gauge(
            "distri_mirror_up",
            "1 while the prober counts the mirror up (damped), 0 while down or never probed");
    GaugeSnapshot.Builder failures =
        gauge("distri_mirror_probe_failures", "Probes of the mirror that failed in a row");
    GaugeSnapshot.Builder freshness =
        gauge(
            "distri_mirror_freshness_age_seconds",
            "Age of the sync start the mirror's freshness file showed at the last good probe");
    GaugeSnapshot.Builder reported =
        gauge("distri_mirror_report_age_seconds", "Age of the sync start the node last reported");
    for (MirrorCandidate mirror : snapshot.get().mirrors()) {
      if (!mirror.active()) {
        continue;
      }
      Labels labels = Labels.of("mirror", mirror.name());
      ProbeRecord record = records.get(mirror.id());
      up.dataPoint(point(labels, record != null && record.up() ? 1 : 0));
      failures.dataPoint(point(labels, record == null ? 0 : record.failures()));
      if (record != null && record.freshness() != null) {
        freshness.dataPoint(point(labels, seconds(record.freshness(), now)));
      }
      if (mirror.report() != null) {
        reported.dataPoint(point(labels, seconds(mirror.report().syncStartedAt(), now)));
      }
    }
    return MetricSnapshots.of(up.build(), failures.build(), freshness.build(), reported.build());
  }

  private static GaugeSnapshot.Builder gauge(String name, String help) {
    return GaugeSnapshot.builder().name(name).help(help);
  }

  private static GaugeSnapshot.GaugeDataPointSnapshot point(Labels labels, double value) {
    return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  private static double seconds(Instant then, Instant now) {
    return (now.toEpochMilli() - then.toEpochMilli()) / 1000.0;
  }
}
