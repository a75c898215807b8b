package org.distr1.mirrors.coordinator.probe;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Damped mirror health from probe rounds: down after N consecutive failures, up after M consecutive
 * successes. A round in which most mirrors fail at once says more about the prober's own network
 * than about the mirrors, so it changes nothing.
 */
public final class ProbeTracker {
  private static final Logger LOG = LoggerFactory.getLogger(ProbeTracker.class);

  /**
   * One mirror's result in a round.
   *
   * @param freshness the sync start its freshness file showed, null when the probe failed
   * @param failure why it failed, null on success
   */
  public record Outcome(long mirrorId, Instant freshness, String failure) {
    public Outcome {
      if ((freshness == null) == (failure == null)) {
        throw new IllegalArgumentException("an outcome is either a freshness or a failure");
      }
    }

    public static Outcome success(long mirrorId, Instant freshness) {
      return new Outcome(mirrorId, Objects.requireNonNull(freshness), null);
    }

    public static Outcome failure(long mirrorId, String why) {
      return new Outcome(mirrorId, null, Objects.requireNonNull(why));
    }
  }

  private static final class Health {
    int failures;
    int successes;
    boolean up;
    Instant freshness;
    Instant probedAt;
    String lastFailure;
  }

  private final int failuresToDown;
  private final int successesToUp;
  private final double blameFraction;
  private final int minimumRoundForBlame;
  private final Map<Long, Health> health = new HashMap<>();

  /**
   * @param blameFraction a round where more than this share of mirrors fail is discarded
   * @param minimumRoundForBlame rounds smaller than this are never discarded (with two mirrors,
   *     both failing is as likely their fault as ours)
   */
  public ProbeTracker(
      int failuresToDown, int successesToUp, double blameFraction, int minimumRoundForBlame) {
    if (failuresToDown < 1 || successesToUp < 1 || !(blameFraction > 0 && blameFraction <= 1)) {
      throw new IllegalArgumentException("thresholds must be positive, blame fraction in (0, 1]");
    }
    this.failuresToDown = failuresToDown;
    this.successesToUp = successesToUp;
    this.blameFraction = blameFraction;
    this.minimumRoundForBlame = minimumRoundForBlame;
  }

  /**
   * Applies one round; returns true when what routing sees (up, confirmed freshness) changed.
   * Mirrors missing from the round are forgotten: they left the registry or service.
   */
  public synchronized boolean apply(List<Outcome> round, Instant now) {
    long failed = round.stream().filter(o -> o.failure() != null).count();
    if (round.size() >= minimumRoundForBlame && failed > round.size() * blameFraction) {
      LOG.warn(
          "{} of {} mirrors failed their probes at once: blaming this prober's network, not"
              + " the mirrors (no health changes)",
          failed,
          round.size());
      return false;
    }
    Map<Long, ProbeState> before = states();
    // a set: retaining by a list's contains() was mirrors² comparisons a round
    health.keySet().retainAll(round.stream().map(Outcome::mirrorId).collect(Collectors.toSet()));
    for (Outcome outcome : round) {
      Health h = health.computeIfAbsent(outcome.mirrorId(), id -> new Health());
      h.probedAt = now;
      if (outcome.failure() == null) {
        h.failures = 0;
        h.successes++;
        h.freshness = outcome.freshness();
        h.lastFailure = null;
        h.up |= h.successes >= successesToUp;
      } else {
        h.successes = 0;
        h.failures++;
        h.lastFailure = outcome.failure();
        if (h.up && h.failures >= failuresToDown) {
          h.up = false;
          LOG.info("mirror {} is down: {}", outcome.mirrorId(), outcome.failure());
        }
        if (!h.up) {
          h.freshness = null; // a mirror restored from an older backup may come back from there
        }
      }
    }
    return !sameForRouting(before, states());
  }

  private static boolean sameForRouting(Map<Long, ProbeState> a, Map<Long, ProbeState> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    for (Map.Entry<Long, ProbeState> e : a.entrySet()) {
      ProbeState other = b.get(e.getKey());
      if (e.getValue().up() != other.up()
          || !Objects.equals(e.getValue().freshness(), other.freshness())) {
        return false;
      }
    }
    return true;
  }

  /** The last freshness a probe accepted: the next one must not be earlier. */
  public synchronized Instant baseline(long mirrorId) {
    Health h = health.get(mirrorId);
    return h == null ? null : h.freshness;
  }

  /** Why the mirror's last probe failed, null when it succeeded or was never probed. */
  public synchronized String lastFailure(long mirrorId) {
    Health h = health.get(mirrorId);
    return h == null ? null : h.lastFailure;
  }

  /** The whole state, for {@link ProbeJournal}. */
  public synchronized List<ProbeRecord> records() {
    return health.entrySet().stream()
        .map(
            e -> {
              Health h = e.getValue();
              return new ProbeRecord(
                  e.getKey(),
                  h.up,
                  h.failures,
                  h.successes,
                  h.freshness,
                  h.probedAt,
                  h.lastFailure);
            })
        .toList();
  }

  /** Takes up where a previous process left off; call before the first round. */
  public synchronized void restore(List<ProbeRecord> records) {
    health.clear();
    for (ProbeRecord r : records) {
      Health h = new Health();
      h.up = r.up();
      h.failures = r.failures();
      h.successes = r.successes();
      h.freshness = r.freshness();
      h.probedAt = r.probedAt();
      h.lastFailure = r.lastFailure();
      health.put(r.mirrorId(), h);
    }
  }

  public synchronized Map<Long, ProbeState> states() {
    Map<Long, ProbeState> states = new HashMap<>();
    health.forEach((id, h) -> states.put(id, new ProbeState(h.up, h.freshness, h.probedAt)));
    return Map.copyOf(states);
  }

  public synchronized Set<Long> probed() {
    return Set.copyOf(health.keySet());
  }
}
