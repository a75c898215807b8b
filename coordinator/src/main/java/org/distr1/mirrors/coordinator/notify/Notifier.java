package org.distr1.mirrors.coordinator.notify;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.distr1.mirrors.coordinator.probe.ProbeRecord;
import org.distr1.mirrors.shared.api.MirrorView;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code interval}, compares each mirror's problems ({@link Findings}) with what its operator
 * was last told (stored per mirror) and mails the operator when they differ; every {@code
 * digestInterval}, mails the maintainers what changed and what is wrong now. A once-per-network job
 * (on the coordinator that also probes, so it reads the live probe state): each change is mailed
 * once, whichever coordinator runs it and across restarts.
 *
 * <p>What was told is stored only after the server took the mail, so a mail that could not be sent
 * is tried again next round; a mail the server refused for good (a wrong address) counts as told,
 * and the digest says it was refused. A coordinator killed between sending and storing sends that
 * one mail again.
 */
public final class Notifier implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  /** Digest events are kept this long (the digest interval is at most a week). */
  static final Duration EVENT_RETENTION = Duration.ofDays(30);

  private final Jdbi jdbi;
  private final Supplier<List<MirrorView>> mirrors;
  private final Supplier<List<ProbeRecord>> probes;
  private final Mailer mailer;
  private final NotifySettings settings;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private ScheduledFuture<?> task;

  /**
   * @param mirrors every registered mirror with its checks and latest report
   * @param probes the prober's state of every mirror it watches
   */
  public Notifier(
      Jdbi jdbi,
      Supplier<List<MirrorView>> mirrors,
      Supplier<List<ProbeRecord>> probes,
      Mailer mailer,
      NotifySettings settings,
      Clock clock,
      ScheduledExecutorService executor) {
    this.jdbi = jdbi;
    this.mirrors = mirrors;
    this.probes = probes;
    this.mailer = mailer;
    this.settings = settings;
    this.clock = clock;
    this.executor = executor;
  }

  @Override
  public synchronized void start() {
    long every = settings.interval().toMillis();
    // the first round after one interval: the prober has had its first rounds by then
    task = executor.scheduleWithFixedDelay(this::roundQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }

  private void roundQuietly() {
    try {
      round();
    } catch (RuntimeException e) {
      LOG.warn("notification round failed (tried again next round): {}", e.toString());
    }
  }

  /** One look at every mirror, the mails it calls for, and the digest when due. */
  public synchronized void round() {
    Instant now = clock.instant();
    Map<Long, ProbeRecord> probed =
        probes.get().stream().collect(Collectors.toMap(ProbeRecord::mirrorId, Function.identity()));
    Map<Long, String> told = jdbi.withExtension(NotificationDao.class, NotificationDao::told);
    List<MirrorView> all = mirrors.get();
    List<Mails.Current> current = new ArrayList<>();
    for (MirrorView mirror : all) {
      Map<Problem, String> found =
          Findings.of(mirror, probed.get(mirror.id()), settings.maxSyncAge(), now);
      if (found == null) {
        continue;
      }
      if (!found.isEmpty()) {
        current.add(new Mails.Current(mirror.id(), mirror.declared().name(), found));
      }
      Set<Problem> before = parse(told.get(mirror.id()));
      if (!before.equals(found.keySet())) {
        tell(mirror, found, before, now);
      }
    }
    digestIfDue(now, current, all);
    jdbi.useExtension(NotificationDao.class, dao -> dao.expire(now.minus(EVENT_RETENTION)));
  }

  private void tell(
      MirrorView mirror, Map<Problem, String> found, Set<Problem> before, Instant now) {
    Set<Problem> began = EnumSet.noneOf(Problem.class);
    began.addAll(found.keySet());
    began.removeAll(before);
    Set<Problem> ended = EnumSet.noneOf(Problem.class);
    ended.addAll(before);
    ended.removeAll(found.keySet());
    if (found.containsKey(Problem.DISABLED)) {
      ended.clear(); // no longer probed or routed: "its probes pass again" would be untrue
    }
    String failure = null;
    if (!began.isEmpty() || !ended.isEmpty()) {
      try {
        mailer.send(Mails.operator(mirror, found, began, ended, settings.statusPage()));
      } catch (Mailer.Refused e) {
        failure = e.getMessage();
        LOG.warn("mirror {}: the mail to its operator was refused: {}", mirror.id(), failure);
      } catch (Mailer.MailFailure e) {
        LOG.warn(
            "mirror {}: mail to its operator not sent (tried again next round): {}",
            mirror.id(),
            e.getMessage());
        return;
      }
    }
    List<NotificationDao.Event> events = new ArrayList<>();
    for (Problem problem : began) {
      events.add(
          new NotificationDao.Event(
              mirror.id(), now, problem.code(), true, found.get(problem), failure));
    }
    for (Problem problem : ended) {
      events.add(
          new NotificationDao.Event(mirror.id(), now, problem.code(), false, "resolved", failure));
    }
    String problems =
        found.keySet().stream().map(Problem::code).sorted().collect(Collectors.joining(","));
    jdbi.useExtension(NotificationDao.class, dao -> dao.told(mirror.id(), problems, now, events));
  }

  private void digestIfDue(Instant now, List<Mails.Current> current, List<MirrorView> all) {
    if (settings.maintainers().isEmpty()) {
      return;
    }
    Instant since = jdbi.withExtension(NotificationDao.class, NotificationDao::digestSentAt);
    if (since.plus(settings.digestInterval()).isAfter(now)) {
      return;
    }
    List<NotificationDao.Event> events =
        jdbi.withExtension(NotificationDao.class, dao -> dao.eventsSince(since));
    if (!events.isEmpty() || !current.isEmpty()) {
      Map<Long, String> names = new HashMap<>();
      all.forEach(m -> names.put(m.id(), m.declared().name()));
      try {
        mailer.send(
            Mails.digest(
                settings.maintainers(), since, events, current, names, settings.statusPage()));
      } catch (Mailer.MailFailure e) {
        LOG.warn("maintainers' digest not sent (tried again next round): {}", e.getMessage());
        return;
      }
    }
    jdbi.useExtension(NotificationDao.class, dao -> dao.digestSent(now));
  }

  private static Set<Problem> parse(String codes) {
    Set<Problem> problems = EnumSet.noneOf(Problem.class);
    if (codes != null && !codes.isEmpty()) {
      Arrays.stream(codes.split(",")).map(Problem::of).forEach(problems::add);
    }
    return problems;
  }
}
