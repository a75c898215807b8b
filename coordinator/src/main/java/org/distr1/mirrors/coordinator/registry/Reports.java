package org.distr1.mirrors.coordinator.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.distr1.mirrors.coordinator.auth.MirrorPrincipal;
import org.distr1.mirrors.coordinator.origin.OriginUpstream;
import org.distr1.mirrors.coordinator.origin.Upstream;
import org.distr1.mirrors.shared.api.ApiError;
import org.distr1.mirrors.shared.api.NodeReport;
import org.distr1.mirrors.shared.api.ReportAnswer;
import org.distr1.mirrors.shared.web.ApiException;
import org.distr1.mirrors.shared.web.DatabaseOutage;

/** Takes a node's report, stores it durably, answers with what upstream holds. */
final class Reports {

  /** The stored JSON's column width; a report the node's own limits allow is far below it. */
  static final int MAX_JSON_BYTES = 1_000_000;

  /** A report not committed by then is answered 503; the node reports again. */
  private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

  private final ReportWriter writer;
  private final MirrorStore store;
  private final OriginUpstream upstream;
  private final Duration maxClockSkew;
  private final Duration syncMargin;
  private final Clock clock;

  /**
   * @param syncMargin as routing subtracts it from sync starts: a node behind by it is behind
   */
  Reports(
      ReportWriter writer,
      MirrorStore store,
      OriginUpstream upstream,
      Duration maxClockSkew,
      Duration syncMargin,
      Clock clock) {
    this.writer = writer;
    this.store = store;
    this.upstream = upstream;
    this.maxClockSkew = maxClockSkew;
    this.syncMargin = syncMargin;
    this.clock = clock;
  }

  /**
   * Refuses at once (throws) what can never be stored; otherwise completes once the report is
   * committed, or fails with an {@link ApiException} (404 mirror gone, 503 not stored).
   */
  CompletableFuture<ReportAnswer> receive(MirrorPrincipal node, long id, NodeReport report) {
    node.requireMirror(id);
    Instant now = clock.instant();
    ClockSkew bounds = skew(now, report);
    long skew = bounds.lowMillis();
    Instant lastSync =
        report.lastSuccessfulSync() == null ? null : report.lastSuccessfulSync().startedAt();
    Long diskAvailable = report.disk() == null ? null : report.disk().availableToMirrorBytes();
    byte[] json = store.toJson(report);
    if (json.length > MAX_JSON_BYTES) {
      // refused here: in the writer's batch it would fail every other node's report with it
      throw ApiException.invalid(
          "report_too_large",
          "A report may take at most "
              + MAX_JSON_BYTES
              + " bytes as JSON; this one takes "
              + json.length
              + ".");
    }
    ReportRow row = new ReportRow(id, now, skew, lastSync, diskAvailable, json);
    return writer
        .submit(
            row,
            new RoutableMirror.LastReport(
                now, skew, bounds.highMillis(), lastSync, report.indexDigests()))
        .orTimeout(STORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (stored, failure) -> {
              if (failure != null && DatabaseOutage.is(failure)) {
                // the same answer as every other write the database refuses now
                ApiError error = DatabaseOutage.error();
                throw new ApiException(error.status(), error.code(), error.message());
              }
              if (failure != null) {
                throw new ApiException(
                    503, "unavailable", "The report could not be stored; report again later.");
              }
              if (!stored) {
                throw MirrorStore.notFound(id);
              }
              return answer(report, now, bounds);
            });
  }

  /** Node clock minus ours; a time beyond what milliseconds hold is no clock reading (422). */
  private static ClockSkew skew(Instant now, NodeReport report) {
    try {
      return ClockSkew.measure(now, report);
    } catch (ArithmeticException e) {
      throw ApiException.invalid(
          "bad_node_time",
          "nodeTime "
              + report.nodeTime()
              + " is too far from the coordinator's clock ("
              + now
              + ") to be a clock reading.");
    }
  }

  /**
   * Whether routing would hold the node's last sync too old for the origin's latest change (the
   * same reckoning: the largest skew the node may have, less the margin), though its indexes match:
   * it is then stale for that change until it syncs again, so it should now.
   */
  private boolean olderThan(NodeReport report, ClockSkew bounds, Instant changedAt) {
    if (changedAt == null) {
      return false;
    }
    if (report.lastSuccessfulSync() == null) {
      return true;
    }
    Instant held =
        bounds.earliest(report.lastSuccessfulSync().startedAt(), maxClockSkew).minus(syncMargin);
    return !held.isAfter(changedAt);
  }

  private ReportAnswer answer(NodeReport report, Instant now, ClockSkew bounds) {
    Upstream origin = upstream.current();
    long skew = bounds.lowMillis();
    boolean trusted = bounds.trusted(maxClockSkew);
    List<String> behind = new ArrayList<>();
    for (Map.Entry<String, String> release : origin.indexDigests().entrySet()) {
      if (!release.getValue().equals(report.indexDigests().get(release.getKey()))) {
        behind.add(release.getKey());
      }
    }
    behind.sort(null);
    boolean older = trusted && olderThan(report, bounds, origin.changedAt());
    boolean syncing = report.runningSync() != null;
    boolean syncNow = (!behind.isEmpty() || older) && !syncing;
    String reason;
    if (behind.isEmpty() && older) {
      reason =
          "last sync began before upstream's latest change at "
              + origin.changedAt()
              + (syncing ? "; a sync is already running" : "; sync now");
    } else if (behind.isEmpty()) {
      reason = "up to date with upstream";
    } else if (syncing) {
      reason = "behind upstream in " + String.join(", ", behind) + "; a sync is already running";
    } else {
      reason = "behind upstream in " + String.join(", ", behind) + "; sync now";
    }
    if (!trusted) {
      reason +=
          "; clock off by "
              + skew
              + " ms (more than "
              + maxClockSkew.toMillis()
              + " ms): freshness claims are not trusted until the node's clock is fixed";
    }
    return new ReportAnswer(
        now, skew, trusted, origin.changedAt(), origin.indexDigests(), syncNow, reason);
  }
}
