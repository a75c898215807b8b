package org.distr1.mirrors.coordinator.notify;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.distr1.mirrors.shared.api.MirrorView;

/** The texts: one mail to an operator per change of their mirror, and the maintainer's digest. */
final class Mails {
  private static final String PREFIX = "[distri mirrors] ";

  private Mails() {}

  /** What an operator reads when their mirror's problems changed. */
  static Mail operator(
      MirrorView mirror,
      Map<Problem, String> now,
      Set<Problem> began,
      Set<Problem> ended,
      String statusPage) {
    String subject =
        PREFIX
            + mirror.declared().name()
            + ": "
            + (now.isEmpty()
                ? "recovered"
                : String.join(", ", now.keySet().stream().map(Problem::code).toList()));
    StringBuilder body = new StringBuilder();
    body.append("Hello,\n\nthis is the distri mirror coordinator about your mirror \"")
        .append(mirror.declared().name())
        .append("\" (")
        .append(mirror.declared().baseUrl())
        .append(").\n");
    if (!began.isEmpty()) {
      body.append("\nNew:\n");
      for (Problem problem : began) {
        body.append("  - ")
            .append(problem.code())
            .append(": ")
            .append(now.get(problem))
            .append('\n');
      }
    }
    if (!ended.isEmpty()) {
      body.append("\nResolved:\n");
      for (Problem problem : ended) {
        body.append("  - ")
            .append(problem.code())
            .append(": ")
            .append(resolved(problem))
            .append('\n');
      }
    }
    Set<Problem> still = new java.util.TreeSet<>(now.keySet());
    still.removeAll(began);
    if (!still.isEmpty()) {
      body.append("\nStill:\n");
      for (Problem problem : still) {
        body.append("  - ")
            .append(problem.code())
            .append(": ")
            .append(now.get(problem))
            .append('\n');
      }
    }
    body.append(
            now.isEmpty()
                ? "\nIt meets the mirror requirements again and gets clients.\n"
                : "\nYou get one message when this changes again, not one per probe.\n")
        .append("\nStatus page: ")
        .append(statusPage)
        .append("\n");
    return new Mail(List.of(mirror.declared().contactEmail()), subject, body.toString());
  }

  private static String resolved(Problem problem) {
    return switch (problem) {
      case DOWN -> "its probes pass again";
      case BEHIND -> "it synced within the mirror requirements' limit again";
      case VERIFICATION -> "it passes verification again";
      case DISABLED -> "the maintainer enabled it again";
    };
  }

  /** Mirrors with problems now, by id, with their names. */
  record Current(long id, String name, Map<Problem, String> problems) {}

  /**
   * The maintainer's digest.
   *
   * @param names mirror id → name, for the events
   */
  static Mail digest(
      List<String> maintainers,
      Instant since,
      List<NotificationDao.Event> events,
      List<Current> current,
      Map<Long, String> names,
      String statusPage) {
    String subject =
        PREFIX
            + "digest: "
            + current.size()
            + (current.size() == 1 ? " mirror" : " mirrors")
            + " with problems, "
            + events.size()
            + (events.size() == 1 ? " change" : " changes")
            + " since "
            + since;
    StringBuilder body = new StringBuilder("Mirrors with problems now:\n");
    if (current.isEmpty()) {
      body.append("  none\n");
    }
    for (Current mirror : current) {
      body.append("  - ").append(mirror.name()).append(" (id ").append(mirror.id()).append(")\n");
      mirror
          .problems()
          .forEach(
              (problem, detail) ->
                  body.append("      ")
                      .append(problem.code())
                      .append(": ")
                      .append(detail)
                      .append('\n'));
    }
    body.append("\nChanges since ").append(since).append(":\n");
    if (events.isEmpty()) {
      body.append("  none\n");
    }
    for (NotificationDao.Event event : events) {
      body.append("  - ")
          .append(event.at())
          .append(' ')
          .append(names.getOrDefault(event.mirrorId(), "mirror " + event.mirrorId()))
          .append(": ")
          .append(event.problem())
          .append(event.began() ? " began: " : " ended: ")
          .append(event.detail())
          .append('\n');
      if (event.mailFailure() != null) {
        body.append("      the operator's mail was refused: ")
            .append(event.mailFailure())
            .append('\n');
      }
    }
    body.append("\nStatus page: ").append(statusPage).append('\n');
    return new Mail(maintainers, subject, body.toString());
  }
}
