package org.distr1.mirrors.coordinator.propagation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.distr1.mirrors.coordinator.registry.MirrorState;
import org.distr1.mirrors.coordinator.registry.RoutableMirror;
import org.jdbi.v3.core.Jdbi;

/**
 * Builds {@link PropagationAnswer}s from the stored samples and, for the current changes, every
 * mirror's latest report: a mirror in service whose report shows another digest is behind. Any
 * coordinator answers (the leader writes, the others and regional replicas read); an answer is
 * reused for a few seconds, so a busy status page reads the registry once per interval.
 */
public final class PropagationView {
  private static final Duration REUSE = Duration.ofSeconds(5);

  private record Made(Duration window, Instant at, PropagationAnswer answer) {}

  private final Jdbi jdbi;
  private final Supplier<List<RoutableMirror>> mirrors;
  private final Clock clock;
  private volatile Made last;

  /**
   * @param mirrors every registered mirror with its latest report (the registry's directory)
   */
  public PropagationView(Jdbi jdbi, Supplier<List<RoutableMirror>> mirrors, Clock clock) {
    this.jdbi = jdbi;
    this.mirrors = mirrors;
    this.clock = clock;
  }

  public PropagationAnswer answer(Duration window) {
    Instant now = clock.instant();
    Made made = last;
    if (made != null
        && made.window().equals(window)
        && !now.isBefore(made.at())
        && now.isBefore(made.at().plus(REUSE))) {
      return made.answer();
    }
    PropagationAnswer answer = build(window, now);
    last = new Made(window, now, answer);
    return answer;
  }

  PropagationAnswer build(Duration window, Instant now) {
    long from = now.minus(window).toEpochMilli();
    List<OriginChange> changes =
        jdbi.withExtension(PropagationDao.class, dao -> dao.changesSince(from));
    Map<Long, List<Lag>> lags =
        jdbi.withExtension(PropagationDao.class, dao -> dao.lagsSince(from)).stream()
            .collect(Collectors.groupingBy(Lag::mirrorId));
    List<OriginChange> current = changes.stream().filter(OriginChange::current).toList();
    List<PropagationAnswer.Mirror> out = new ArrayList<>();
    for (RoutableMirror mirror :
        mirrors.get().stream()
            .filter(m -> m.mirror().state() == MirrorState.APPROVED)
            .sorted(Comparator.comparingLong(m -> m.mirror().id()))
            .toList()) {
      long id = mirror.mirror().id();
      List<PropagationAnswer.Sample> samples = new ArrayList<>();
      Map<String, Long> sampled = new HashMap<>();
      for (Lag lag : lags.getOrDefault(id, List.of())) {
        samples.add(
            new PropagationAnswer.Sample(
                lag.indexKey(),
                Instant.ofEpochMilli(lag.changedAtMillis()),
                Instant.ofEpochMilli(lag.caughtUpAtMillis()),
                lag.lagMillis() / 1000));
        sampled.merge(lag.indexKey(), lag.changedAtMillis(), Math::max);
      }
      if (mirror.inService() && mirror.lastReport() != null) {
        Map<String, String> digests = mirror.lastReport().indexDigests();
        for (OriginChange change : current) {
          boolean caughtUp =
              Objects.equals(digests.get(change.indexKey()), change.digest())
                  || sampled.getOrDefault(change.indexKey(), Long.MIN_VALUE)
                      >= change.changedAtMillis();
          if (!caughtUp) {
            samples.add(
                new PropagationAnswer.Sample(
                    change.indexKey(),
                    Instant.ofEpochMilli(change.changedAtMillis()),
                    null,
                    Math.max(0, now.toEpochMilli() - change.changedAtMillis()) / 1000));
          }
        }
      }
      samples.sort(
          Comparator.comparing(PropagationAnswer.Sample::changedAt)
              .thenComparing(PropagationAnswer.Sample::index));
      out.add(
          new PropagationAnswer.Mirror(
              id, mirror.mirror().profile().name(), mirror.inService(), samples));
    }
    return new PropagationAnswer(
        Instant.ofEpochMilli(from),
        now,
        changes.stream()
            .map(
                c ->
                    new PropagationAnswer.Change(
                        c.indexKey(),
                        c.digest(),
                        Instant.ofEpochMilli(c.changedAtMillis()),
                        c.endedAtMillis() == null ? null : Instant.ofEpochMilli(c.endedAtMillis())))
            .toList(),
        out);
  }
}
