package org.distr1.mirrors.coordinator.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.distr1.mirrors.shared.api.CheckResult;
import org.distr1.mirrors.shared.api.MirrorView;
import org.distr1.mirrors.shared.api.NodeReport;
import org.distr1.mirrors.shared.api.PublicMirror;
import org.jdbi.v3.core.Jdbi;

/** The public mirror list: approved mirrors without contact data or anything secret. */
final class PublicListing {

  private final Jdbi jdbi;
  private final MirrorStore store;
  private final Clock clock;

  PublicListing(Jdbi jdbi, MirrorStore store, Clock clock) {
    this.jdbi = jdbi;
    this.store = store;
    this.clock = clock;
  }

  List<PublicMirror> approved() {
    Instant now = clock.instant();
    return jdbi.inTransaction(handle -> store.views(handle, MirrorState.APPROVED)).stream()
        .map(view -> toPublic(view, now))
        .toList();
  }

  private static PublicMirror toPublic(MirrorView view, Instant now) {
    NodeReport report = view.lastReport() == null ? null : view.lastReport().report();
    Instant lastSync = report == null || report.lastSuccessfulSync() == null ? null : report.lastSuccessfulSync().startedAt();
    Long age = lastSync == null ? null : Math.max(0, Duration.between(lastSync, now).toSeconds());
    Instant verifiedAt = view.checks().stream().map(CheckResult::checkedAt).max(Instant::compareTo).orElse(null);
    return new PublicMirror(
        view.id(), view.name(), view.baseUrl(), view.location(), view.paused() ? "paused" : "up",
        lastSync, age,
        (int) view.checks().stream().filter(CheckResult::passed).count(), view.checks().size(), verifiedAt,
        report == null ? null : report.runningSync());
  }
}
