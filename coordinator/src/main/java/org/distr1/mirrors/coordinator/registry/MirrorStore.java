package org.distr1.mirrors.coordinator.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.distr1.mirrors.shared.api.MirrorView;
import org.distr1.mirrors.shared.api.NodeReport;
import org.distr1.mirrors.shared.api.ReportSummary;
import org.distr1.mirrors.shared.web.ApiException;
import org.jdbi.v3.core.Handle;

/** Loads mirrors with their networks, and the views operators and the maintainer see. */
final class MirrorStore {

  private final ObjectMapper json;

  MirrorStore(ObjectMapper json) {
    this.json = json;
  }

  Optional<MirrorRecord> find(Handle handle, long id) {
    return handle.attach(MirrorDao.class).find(id);
  }

  /** The mirror, its row locked until the transaction ends; 404 if there is none. */
  MirrorRecord lock(Handle handle, long id) {
    return handle.attach(MirrorDao.class).lock(id).orElseThrow(() -> notFound(id));
  }

  MirrorView view(Handle handle, long id) {
    MirrorRecord mirror = find(handle, id).orElseThrow(() -> notFound(id));
    List<CheckRow> checks = handle.attach(CheckDao.class).forMirror(id);
    return view(mirror, checks, handle.attach(ReportDao.class).find(id).orElse(null));
  }

  /** All mirrors (or those in one state), in three queries. */
  List<MirrorView> views(Handle handle, MirrorState stateOrNull) {
    MirrorDao dao = handle.attach(MirrorDao.class);
    Map<Long, List<CheckRow>> checks =
        handle.attach(CheckDao.class).all().stream()
            .collect(Collectors.groupingBy(CheckRow::mirrorId));
    Map<Long, ReportRow> reports =
        handle.attach(ReportDao.class).all().stream()
            .collect(Collectors.toMap(ReportRow::mirrorId, Function.identity()));
    List<MirrorRecord> mirrors =
        stateOrNull == null ? dao.all() : dao.inState(stateOrNull.wireName());
    return mirrors.stream()
        .map(m -> view(m, checks.getOrDefault(m.id(), List.of()), reports.get(m.id())))
        .toList();
  }

  MirrorView view(MirrorRecord m, List<CheckRow> checks, ReportRow report) {
    return m.view(checks.stream().map(CheckRow::toResult).toList(), summary(report));
  }

  ReportSummary summary(ReportRow report) {
    if (report == null || report.receivedAt() == null) {
      return null;
    }
    return new ReportSummary(report.receivedAt(), report.clockSkewMs(), parse(report.reportJson()));
  }

  NodeReport parse(byte[] reportJson) {
    try {
      // stored by an earlier version, perhaps with fields this one no longer has
      return json.readerFor(NodeReport.class)
          .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(reportJson);
    } catch (IOException e) {
      throw new IllegalStateException("a stored report does not parse", e);
    }
  }

  byte[] toJson(NodeReport report) {
    try {
      return json.writeValueAsBytes(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a report as JSON", e);
    }
  }

  static ApiException notFound(long id) {
    return ApiException.notFound("There is no mirror " + id + ".");
  }
}
