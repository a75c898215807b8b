package org.distr1.mirrors.coordinator.propagation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /api/v1/propagation}: the origin's index changes in a window and, per approved mirror,
 * how long each took to reach it.
 *
 * @param changes every change that began in the window, and every index's current one
 * @param mirrors approved mirrors by id, each with its samples oldest first
 */
public record PropagationAnswer(
    Instant from, Instant to, List<Change> changes, List<Mirror> mirrors) {
  public PropagationAnswer {
    changes = List.copyOf(changes);
    mirrors = List.copyOf(mirrors);
  }

  /**
   * @param endedAt when a newer change replaced it (or the index left the origin), null while
   *     current
   */
  public record Change(String index, String digest, Instant changedAt, Instant endedAt) {}

  /**
   * @param inService approved and not paused by its operator: only such a mirror is behind
   */
  public record Mirror(long id, String name, boolean inService, List<Sample> samples) {
    public Mirror {
      Objects.requireNonNull(name, "name");
      samples = List.copyOf(samples);
    }
  }

  /**
   * @param caughtUpAt when the coordinator first heard the mirror hold this change or a newer one;
   *     null while it is still behind
   * @param lagSeconds from the change to then (to now, while behind)
   */
  public record Sample(String index, Instant changedAt, Instant caughtUpAt, long lagSeconds) {}
}
