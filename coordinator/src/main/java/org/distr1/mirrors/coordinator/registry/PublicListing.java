package org.distr1.mirrors.coordinator.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.distr1.mirrors.coordinator.probe.ProbeRecord;
import org.distr1.mirrors.coordinator.probe.ProbeTracker;
import org.distr1.mirrors.shared.api.CheckResult;
import org.distr1.mirrors.shared.api.MirrorView;
import org.distr1.mirrors.shared.api.NodeReport;
import org.distr1.mirrors.shared.api.PublicMirror;
import org.distr1.mirrors.shared.api.ReportSummary;
import org.jdbi.v3.core.Jdbi;

/** The public mirror list: approved mirrors without contact data or anything secret. */
final class PublicListing {

  /** Probe failures quote URLs and exceptions; a status page needs the gist, not a trace. */
  private static final int MAX_FAILURE_LENGTH = 300;

  private final Jdbi jdbi;
  private final MirrorStore store;
  private final Clock clock;
  private final ProbeTracker probes;

  PublicListing(Jdbi jdbi, MirrorStore store, ProbeTracker probes, Clock clock) {
    this.jdbi = jdbi;
    this.store = store;
    this.probes = probes;
    this.clock = clock;
  }

  List<PublicMirror> approved() {
    Instant now = clock.instant();
    Map<Long, ProbeRecord> readings =
        probes.records().stream()
            .collect(Collectors.toMap(ProbeRecord::mirrorId, Function.identity()));
    return jdbi.inTransaction(handle -> store.views(handle, MirrorState.APPROVED)).stream()
        .map(view -> toPublic(view, view.paused() ? null : readings.get(view.id()), now))
        .toList();
  }

  static PublicMirror toPublic(MirrorView view, ProbeRecord probe, Instant now) {
    ReportSummary summary = view.lastReport();
    NodeReport report = summary == null ? null : summary.report();
    Instant lastSync =
        report == null || report.lastSuccessfulSync() == null
            ? null
            : report.lastSuccessfulSync().startedAt();
    Long age = lastSync == null ? null : Math.max(0, Duration.between(lastSync, now).toSeconds());
    Instant verifiedAt =
        view.checks().stream().map(CheckResult::checkedAt).max(Instant::compareTo).orElse(null);
    return new PublicMirror(
        view.id(),
        view.declared().name(),
        view.declared().baseUrl(),
        view.declared().location(),
        state(view.paused(), probe),
        probe == null
            ? null
            : new PublicMirror.Probe(
                probe.probedAt(), probe.lastFailure() == null, shorten(probe.lastFailure())),
        lastSync,
        age,
        (int) view.checks().stream().filter(CheckResult::passed).count(),
        view.checks().size(),
        verifiedAt,
        compression(view.checks()),
        report == null ? null : report.runningSync(),
        summary == null ? null : summary.receivedAt());
  }

  static String state(boolean paused, ProbeRecord probe) {
    if (paused) {
      return "paused";
    }
    if (probe == null) {
      return "checking";
    }
    if (probe.up()) {
      return "up";
    }
    return probe.lastFailure() == null ? "checking" : "down";
  }

  private static PublicMirror.Compression compression(List<CheckResult> checks) {
    CheckResult zstd = find(checks, "zstd");
    CheckResult gzip = find(checks, "gzip");
    if (zstd == null && gzip == null) {
      return null;
    }
    Instant at =
        Stream.of(zstd, gzip)
            .filter(Objects::nonNull)
            .map(CheckResult::checkedAt)
            .max(Instant::compareTo)
            .orElseThrow();
    return new PublicMirror.Compression(
        zstd == null ? null : zstd.passed(), gzip == null ? null : gzip.passed(), at);
  }

  private static CheckResult find(List<CheckResult> checks, String name) {
    return checks.stream().filter(check -> check.check().equals(name)).findFirst().orElse(null);
  }

  private static String shorten(String failure) {
    return failure == null || failure.length() <= MAX_FAILURE_LENGTH
        ? failure
        : failure.substring(0, MAX_FAILURE_LENGTH - 1) + "…";
  }
}
