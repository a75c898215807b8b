package org.distr1.mirrors.coordinator.registry;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.distr1.mirrors.shared.api.NodeReport;
import org.jdbi.v3.core.Jdbi;

/**
 * Read side of the registry for routing and the allowlist: every mirror with its networks and
 * latest report, in two queries (no per-mirror round trips), from one transaction.
 */
public final class MirrorDirectory {

  private final Jdbi jdbi;
  private final MirrorStore store;

  MirrorDirectory(Jdbi jdbi, MirrorStore store) {
    this.jdbi = jdbi;
    this.store = store;
  }

  /** Every registered mirror (any state) without reports, ordered by id; one query. */
  public List<MirrorRecord> records() {
    return jdbi.withExtension(MirrorDao.class, MirrorDao::all);
  }

  /** One registered mirror (any state) without its report, empty once removed; one query. */
  public Optional<MirrorRecord> record(long id) {
    return jdbi.withExtension(MirrorDao.class, dao -> dao.find(id));
  }

  /** Every registered mirror (any state), ordered by id. */
  public List<RoutableMirror> loadAll() {
    return jdbi.inTransaction(
        handle -> {
          Map<Long, ReportRow> reports =
              handle.attach(ReportDao.class).all().stream()
                  .collect(Collectors.toMap(ReportRow::mirrorId, Function.identity()));
          return handle.attach(MirrorDao.class).all().stream()
              .map(mirror -> new RoutableMirror(mirror, lastReport(reports.get(mirror.id()))))
              .toList();
        });
  }

  /**
   * One registered mirror (any state), empty once removed; two queries, whatever the number of
   * mirrors: what routing reads again after a change of that mirror.
   */
  public Optional<RoutableMirror> load(long id) {
    return jdbi.inTransaction(
        handle ->
            handle
                .attach(MirrorDao.class)
                .find(id)
                .map(
                    mirror ->
                        new RoutableMirror(
                            mirror,
                            lastReport(handle.attach(ReportDao.class).find(id).orElse(null)))));
  }

  /** The latest reports of these mirrors (those that ever reported and still exist). */
  public Map<Long, RoutableMirror.LastReport> lastReports(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    Map<Long, RoutableMirror.LastReport> latest = new LinkedHashMap<>();
    jdbi.withExtension(ReportDao.class, dao -> dao.findAll(ids))
        .forEach(row -> latest.put(row.mirrorId(), lastReport(row)));
    return latest;
  }

  private RoutableMirror.LastReport lastReport(ReportRow row) {
    if (row == null || row.receivedAt() == null) {
      return null;
    }
    NodeReport report = store.parse(row.reportJson());
    ClockSkew skew =
        ClockSkew.measure(row.receivedAt(), report); // its lower bound is the stored one
    return new RoutableMirror.LastReport(
        row.receivedAt(),
        row.clockSkewMs(),
        skew.highMillis(),
        row.lastSyncStartedAt(),
        report.indexDigests());
  }
}
