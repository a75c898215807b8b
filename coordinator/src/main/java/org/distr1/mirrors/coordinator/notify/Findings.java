package org.distr1.mirrors.coordinator.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.distr1.mirrors.coordinator.probe.ProbeRecord;
import org.distr1.mirrors.shared.api.CheckResult;
import org.distr1.mirrors.shared.api.MirrorView;
import org.distr1.mirrors.shared.api.NodeReport;
import org.distr1.mirrors.shared.text.Human;

/**
 * A mirror's problems now, each with what to tell its operator; the one place that decides them.
 * The probe state is the prober's damped one (down after several failed probes in a row), so a
 * single failed probe is no problem yet.
 */
final class Findings {
  /** Probe failures quote URLs and exceptions; a mail needs the gist. */
  private static final int MAX_DETAIL = 300;

  private Findings() {}

  /**
   * @return problem → what to say about it; null for a mirror not watched now (pending, or paused
   *     by its operator: what it was told stays as it was)
   */
  static Map<Problem, String> of(
      MirrorView mirror, ProbeRecord probe, Duration maxSyncAge, Instant now) {
    if (mirror.paused() || mirror.state().equals("pending")) {
      return null;
    }
    Map<Problem, String> found = new EnumMap<>(Problem.class);
    if (mirror.state().equals("disabled")) {
      // not probed or routed any more: only this is worth saying
      found.put(
          Problem.DISABLED,
          "the maintainer disabled it"
              + (mirror.stateReason() == null ? "" : ": " + shorten(mirror.stateReason())));
      return found;
    }
    if (probe != null && !probe.up() && probe.lastFailure() != null) {
      found.put(
          Problem.DOWN,
          "its probes fail, so clients are not sent to it: " + shorten(probe.lastFailure()));
    }
    NodeReport report = mirror.lastReport() == null ? null : mirror.lastReport().report();
    if (report != null) {
      if (report.lastSuccessfulSync() == null) {
        found.put(Problem.BEHIND, "its node has reported no successful sync");
      } else {
        Instant began = report.lastSuccessfulSync().startedAt();
        Duration age = Duration.between(began, now);
        if (age.compareTo(maxSyncAge) > 0) {
          found.put(
              Problem.BEHIND,
              "its last successful sync began "
                  + Human.duration(age)
                  + " ago ("
                  + began
                  + "), more than the "
                  + Human.duration(maxSyncAge)
                  + " the mirror requirements allow; it serves nothing until it syncs");
        }
      }
    }
    String failed =
        mirror.checks().stream()
            .filter(check -> !check.passed())
            .map(Findings::describe)
            .collect(Collectors.joining("; "));
    if (!failed.isEmpty()) {
      found.put(Problem.VERIFICATION, "verification failed: " + shorten(failed));
    }
    return found;
  }

  private static String describe(CheckResult check) {
    return check.check() + ": " + check.reason();
  }

  static String shorten(String text) {
    String line = text.replaceAll("\\s+", " ").trim();
    return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL - 1) + "…";
  }
}
