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
import org.distr1.mirrors.shared.web.ApiException;
import org.distr1.mirrors.shared.api.NodeReport;
import org.distr1.mirrors.shared.api.ReportAnswer;

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
  private final Clock clock;

  Reports(ReportWriter writer, MirrorStore store, OriginUpstream upstream, Duration maxClockSkew, Clock clock) {
    this.writer = writer;
    this.store = store;
    this.upstream = upstream;
    this.maxClockSkew = maxClockSkew;
    this.clock = clock;
  }

  /**
   * Refuses at once (throws) what can never be stored; otherwise completes once the report is
   * committed, or fails with an {@link ApiException} (404 mirror gone, 503 not stored).
   */
  CompletableFuture<ReportAnswer> receive(MirrorPrincipal node, long id, NodeReport report) {
    node.requireMirror(id);
    Instant now = clock.instant();
    long skew = skewMillis(now, report.nodeTime());
    Instant lastSync = report.lastSuccessfulSync() == null ? null : report.lastSuccessfulSync().startedAt();
    Long diskAvailable = report.disk() == null ? null : report.disk().availableToMirrorBytes();
    byte[] json = store.toJson(report);
    if (json.length > MAX_JSON_BYTES) {
      // refused here: in the writer's batch it would fail every other node's report with it
      throw ApiException.invalid("report_too_large",
          "A report may take at most " + MAX_JSON_BYTES + " bytes as JSON; this one takes " + json.length + ".");
    }
    ReportRow row = new ReportRow(id, now, skew, lastSync, diskAvailable, json);
    return writer.submit(row, new RoutableMirror.LastReport(now, skew, lastSync, report.indexDigests()))
        .orTimeout(STORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .handle((stored, failure) -> {
          if (failure != null) {
            throw new ApiException(503, "unavailable", "The report could not be stored; report again later.");
          }
          if (!stored) {
            throw MirrorStore.notFound(id);
          }
          return answer(report, now, skew);
        });
  }

  /** Node clock minus ours; a time beyond what milliseconds hold is no clock reading (422). */
  private static long skewMillis(Instant now, Instant nodeTime) {
    try {
      return Duration.between(now, nodeTime).toMillis();
    } catch (ArithmeticException e) {
      throw ApiException.invalid("bad_node_time",
          "nodeTime " + nodeTime + " is too far from the coordinator's clock (" + now + ") to be a clock reading.");
    }
  }

  private ReportAnswer answer(NodeReport report, Instant now, long skew) {
    Upstream origin = upstream.current();
    boolean trusted = Math.abs(skew) <= maxClockSkew.toMillis();
    List<String> behind = new ArrayList<>();
    for (Map.Entry<String, String> release : origin.indexDigests().entrySet()) {
      if (!release.getValue().equals(report.indexDigests().get(release.getKey()))) {
        behind.add(release.getKey());
      }
    }
    behind.sort(null);
    boolean syncing = report.runningSync() != null;
    boolean syncNow = !behind.isEmpty() && !syncing;
    String reason;
    if (behind.isEmpty()) {
      reason = "up to date with upstream";
    } else if (syncing) {
      reason = "behind upstream in " + String.join(", ", behind) + "; a sync is already running";
    } else {
      reason = "behind upstream in " + String.join(", ", behind) + "; sync now";
    }
    if (!trusted) {
      reason += "; clock off by " + skew + " ms (more than " + maxClockSkew.toMillis()
          + " ms): freshness claims are not trusted until the node's clock is fixed";
    }
    return new ReportAnswer(now, skew, trusted, origin.changedAt(), origin.indexDigests(), syncNow, reason);
  }
}
