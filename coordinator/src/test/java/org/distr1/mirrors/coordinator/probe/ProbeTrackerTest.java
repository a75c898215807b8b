package org.distr1.mirrors.coordinator.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.distr1.mirrors.coordinator.probe.ProbeTracker.Outcome.failure;
import static org.distr1.mirrors.coordinator.probe.ProbeTracker.Outcome.success;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeTrackerTest {
  private static final Instant T = Instant.parse("2026-11-26T08:00:00Z");

  private static List<ProbeTracker.Outcome> round(int mirrors, int failing) {
    List<ProbeTracker.Outcome> round = new ArrayList<>();
    for (long id = 1; id <= mirrors; id++) {
      round.add(id <= failing ? failure(id, "refused") : success(id, T));
    }
    return round;
  }

  @Test
  void upOnlyAfterMSuccessesDownOnlyAfterNFailures() {
    ProbeTracker tracker = new ProbeTracker(2, 3, 0.6, 4);
    assertThat(tracker.apply(List.of(success(1, T)), T)).isTrue(); // first seen: a change
    assertThat(tracker.states().get(1L).up()).isFalse();
    tracker.apply(List.of(success(1, T)), T);
    assertThat(tracker.states().get(1L).up()).isFalse();
    assertThat(tracker.apply(List.of(success(1, T)), T)).isTrue();
    assertThat(tracker.states().get(1L).up()).isTrue();
    assertThat(tracker.states().get(1L).freshness()).isEqualTo(T);

    assertThat(tracker.apply(List.of(failure(1, "timeout")), T)).isFalse();
    assertThat(tracker.states().get(1L).up()).isTrue();
    assertThat(tracker.lastFailure(1)).isEqualTo("timeout");
    assertThat(tracker.apply(List.of(failure(1, "timeout")), T)).isTrue();
    assertThat(tracker.states().get(1L).up()).isFalse();
    assertThat(tracker.states().get(1L).freshness()).isNull();
  }

  @Test
  void aSuccessInBetweenResetsTheFailureCount() {
    ProbeTracker tracker = new ProbeTracker(2, 1, 0.6, 4);
    tracker.apply(List.of(success(1, T)), T);
    tracker.apply(List.of(failure(1, "x")), T);
    tracker.apply(List.of(success(1, T.plusSeconds(60))), T);
    tracker.apply(List.of(failure(1, "x")), T);
    assertThat(tracker.states().get(1L).up()).isTrue();
    assertThat(tracker.baseline(1)).isEqualTo(T.plusSeconds(60));
  }

  @Test
  void aRoundWhereMostMirrorsFailIsBlamedOnTheProber() {
    ProbeTracker tracker = new ProbeTracker(1, 1, 0.6, 4);
    tracker.apply(round(5, 0), T);
    assertThat(tracker.states().values()).allMatch(s -> s.up());
    assertThat(tracker.apply(round(5, 4), T)).isFalse();
    assertThat(tracker.states().values()).allMatch(s -> s.up());
    assertThat(tracker.apply(round(5, 2), T)).isTrue();
    assertThat(tracker.states().values()).filteredOn(s -> !s.up()).hasSize(2);
  }

  @Test
  void smallRoundsAreNeverBlamedOnTheProber() {
    ProbeTracker tracker = new ProbeTracker(1, 1, 0.6, 4);
    tracker.apply(round(2, 0), T);
    assertThat(tracker.apply(round(2, 2), T)).isTrue();
    assertThat(tracker.states().values()).noneMatch(s -> s.up());
  }

  @Test
  void mirrorsLeavingServiceAreForgotten() {
    ProbeTracker tracker = new ProbeTracker(1, 1, 0.6, 4);
    tracker.apply(round(3, 0), T);
    assertThat(tracker.apply(round(2, 0), T)).isTrue();
    assertThat(tracker.probed()).containsExactlyInAnyOrder(1L, 2L);
  }
}
