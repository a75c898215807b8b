package org.distr1.mirrors.coordinator.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.distr1.mirrors.coordinator.probe.ProbeTracker.Outcome.failure;
import static org.distr1.mirrors.coordinator.probe.ProbeTracker.Outcome.success;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probe state survives a restart: the same database, closed and opened again. */
@Tag("database")
class ProbeJournalTest {
  private static final Instant T = Instant.parse("2026-11-26T08:00:00Z");
  private static final Instant FRESH = Instant.parse("2026-11-26T07:55:00Z");

  @TempDir Path dir;

  private static ProbeTracker tracker() {
    return new ProbeTracker(2, 2, 0.6, 4);
  }

  @Test
  void aRestartedProberRemembersHealthCountersAndFreshness() throws Exception {
    List<ProbeRecord> before;
    try (TestDatabase db = new TestDatabase(dir)) {
      ProbeJournal journal = new ProbeJournal(db.jdbi());
      assertThat(journal.load()).isEmpty();
      ProbeTracker tracker = tracker();
      for (int round = 0; round < 2; round++) {
        tracker.apply(List.of(success(1, FRESH), success(2, FRESH), success(3, FRESH)), T);
      }
      // mirror 2 goes down; mirror 3 has one failure, not yet enough to leave rotation
      tracker.apply(List.of(success(1, FRESH), failure(2, "refused"), failure(3, "timeout")), T);
      tracker.apply(
          List.of(success(1, FRESH), failure(2, "x".repeat(5000)), success(3, FRESH)),
          T.plusSeconds(30));
      tracker.apply(
          List.of(success(1, FRESH), failure(2, "refused"), failure(3, "timeout")),
          T.plusSeconds(60));
      before = tracker.records();
      journal.save(before);
    }

    try (TestDatabase db = new TestDatabase(dir)) {
      ProbeTracker restarted = tracker();
      restarted.restore(new ProbeJournal(db.jdbi()).load());
      assertThat(restarted.records()).containsExactlyInAnyOrderElementsOf(before);
      assertThat(restarted.states().get(1L).up()).isTrue();
      assertThat(restarted.baseline(1)).isEqualTo(FRESH); // a later probe may not go back
      assertThat(restarted.states().get(2L).up()).isFalse();
      assertThat(restarted.lastFailure(2)).isEqualTo("refused");
      assertThat(restarted.states().get(3L).probedAt()).isEqualTo(T.plusSeconds(60));

      // counters carry over: mirror 3's second failure in a row takes it down now
      restarted.apply(
          List.of(success(1, FRESH), failure(2, "refused"), failure(3, "timeout")),
          T.plusSeconds(90));
      assertThat(restarted.states().get(3L).up()).isFalse();
      // and mirror 2 needs two good rounds, as before the restart
      restarted.apply(
          List.of(success(1, FRESH), success(2, FRESH), success(3, FRESH)), T.plusSeconds(120));
      assertThat(restarted.states().get(2L).up()).isFalse();
    }
  }

  @Test
  void eachSaveReplacesTheWholeStateAndLongReasonsAreCut() throws Exception {
    try (TestDatabase db = new TestDatabase(dir)) {
      ProbeJournal journal = new ProbeJournal(db.jdbi());
      journal.save(
          List.of(
              new ProbeRecord(1, true, 0, 5, FRESH, T, null),
              new ProbeRecord(2, false, 3, 0, null, T, "y".repeat(3000))));
      journal.save(List.of(new ProbeRecord(2, false, 4, 0, null, T.plusSeconds(30), "refused")));
      assertThat(journal.load())
          .containsExactly(new ProbeRecord(2, false, 4, 0, null, T.plusSeconds(30), "refused"));
      assertThat(new ProbeRecord(2, false, 3, 0, null, T, "y".repeat(3000)).lastFailure())
          .hasSize(ProbeRecord.MAX_REASON);
    }
  }
}
