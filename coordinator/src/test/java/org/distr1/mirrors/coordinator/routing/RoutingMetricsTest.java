package org.distr1.mirrors.coordinator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.FRANKFURT;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.NEW_YORK;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.SYNCED;
import static org.distr1.mirrors.coordinator.routing.TestMirrors.mirror;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.distr1.mirrors.coordinator.origin.OriginTree;
import org.distr1.mirrors.coordinator.probe.ProbeRecord;
import org.junit.jupiter.api.Test;

class RoutingMetricsTest {
  private static final Clock CLOCK = Clock.fixed(SYNCED.plusSeconds(90), ZoneOffset.UTC);

  @Test
  void perMirrorGaugesFromTheSnapshotAndTheProbesRecords() {
    TestMirrors.Spec fra = mirror(1, "fra", FRANKFURT, "DE", "EU");
    TestMirrors.Spec nyc = mirror(2, "nyc", NEW_YORK, "US", "NA").synced(SYNCED.minusSeconds(3600));
    TestMirrors.Spec off = mirror(3, "off", NEW_YORK, "US", "NA");
    off.active = false;
    RoutingSnapshot snapshot =
        TestMirrors.snapshot(OriginTree.EMPTY, RoutingPolicy.DEFAULT, fra, nyc, off);
    List<ProbeRecord> records =
        List.of(
            new ProbeRecord(1, true, 0, 5, SYNCED, SYNCED.plusSeconds(60), null),
            new ProbeRecord(2, false, 3, 0, null, SYNCED.plusSeconds(60), "connection refused"));
    MetricSnapshots metrics = new RoutingMetrics(() -> snapshot, () -> records, CLOCK).collect();

    assertThat(values(metrics, "distri_mirror_up")).isEqualTo(Map.of("fra", 1.0, "nyc", 0.0));
    assertThat(values(metrics, "distri_mirror_probe_failures"))
        .isEqualTo(Map.of("fra", 0.0, "nyc", 3.0));
    assertThat(values(metrics, "distri_mirror_freshness_age_seconds"))
        .isEqualTo(Map.of("fra", 90.0));
    assertThat(values(metrics, "distri_mirror_report_age_seconds"))
        .isEqualTo(Map.of("fra", 90.0, "nyc", 3690.0));
  }

  private static Map<String, Double> values(MetricSnapshots metrics, String name) {
    Map<String, Double> values = new TreeMap<>();
    metrics.stream()
        .filter(m -> m.getMetadata().getName().equals(name))
        .flatMap(m -> ((GaugeSnapshot) m).getDataPoints().stream())
        .forEach(p -> values.put(p.getLabels().get("mirror"), p.getValue()));
    return values;
  }
}
