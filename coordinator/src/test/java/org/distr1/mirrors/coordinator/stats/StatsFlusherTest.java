package org.distr1.mirrors.coordinator.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import org.distr1.mirrors.coordinator.MovingClock;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.distr1.mirrors.shared.web.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counts reach the database in batches, add up across coordinators and stay bounded. */
@Tag("database")
class StatsFlusherTest {
  private static final Instant T = Instant.parse("2026-12-01T10:20:00Z");
  private static final String PKG = "distri/jackherer/pkg/zsh-amd64-5.8-1.squashfs";
  private static final String META = "distri/jackherer/pkg/zsh-amd64-5.8-1.meta.textproto";

  @TempDir Path dir;
  TestDatabase db;
  final MovingClock clock = new MovingClock(T);
  final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

  @BeforeEach
  void open() throws Exception {
    db = new TestDatabase(dir);
  }

  @AfterEach
  void close() throws Exception {
    executor.shutdownNow();
    db.close();
  }

  StatsFlusher flusher(DownloadCounter counter) {
    return new StatsFlusher(
        counter, db.jdbi(), clock, Duration.ofMinutes(1), Duration.ofDays(2), 2, executor);
  }

  StatsResource resource() {
    return new StatsResource(db.jdbi(), clock);
  }

  static Map<String, Long> totals(StatsAnswer answer) {
    return answer.series().stream()
        .collect(Collectors.toMap(StatsAnswer.Series::key, StatsAnswer.Series::total));
  }

  @Test
  void countsPerMirrorCountryReleaseAndOriginReasonAddUpAcrossCoordinators() {
    DownloadCounter one = new DownloadCounter(new Releases(10));
    DownloadCounter two = new DownloadCounter(new Releases(10));
    StatsFlusher first = flusher(one);
    StatsFlusher second = flusher(two);
    for (int i = 0; i < 5; i++) {
      one.redirected(7, "DE", PKG);
    }
    one.redirected(8, "US", "distri/master/pkg/zsh-amd64.meta.textproto");
    one.fromOrigin(OriginReason.NO_MIRROR, null, META, true);
    one.fromOrigin(OriginReason.NOT_FOUND, "DE", "distri/jackherer/pkg/nope", false);
    two.redirected(7, "DE", PKG);
    two.redirected(7, "FR", PKG);
    clock.advance(Duration.ofMinutes(1));
    first.flush();
    second.flush();
    // a second interval in the same hour adds to the same rows
    one.redirected(7, "DE", PKG);
    clock.advance(Duration.ofMinutes(1));
    first.flush();

    StatsAnswer byMirror =
        resource()
            .series("hour", "2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z", null, null, null, null);
    assertThat(byMirror.total()).isEqualTo(11);
    assertThat(totals(byMirror))
        .containsExactlyInAnyOrderEntriesOf(Map.of("7", 8L, "8", 1L, "0", 2L));
    assertThat(byMirror.series().get(0).points())
        .containsExactly(new StatsAnswer.Point(Instant.parse("2026-12-01T10:00:00Z"), 8));
    assertThat(
            totals(
                resource()
                    .series("hour", "2026-12-01T00:00:00Z", null, "country", null, null, null)))
        .containsExactlyInAnyOrderEntriesOf(Map.of("DE", 8L, "FR", 1L, "US", 1L, "", 1L));
    assertThat(
            totals(
                resource()
                    .series("hour", "2026-12-01T00:00:00Z", null, "release", null, null, null)))
        .containsExactlyInAnyOrderEntriesOf(Map.of("jackherer", 10L, "master", 1L));
    assertThat(totals(resource().series("day", null, null, "reason", "origin", null, null)))
        .containsExactlyInAnyOrderEntriesOf(Map.of("no-mirror", 1L, "not-found", 1L));
    assertThat(
            resource()
                .series("hour", "2026-12-01T00:00:00Z", null, "mirror", "7", "de", "jackherer")
                .total())
        .isEqualTo(7);

    // files: only those the origin has, the most requested of each flush (topFiles = 2)
    assertThat(resource().files("2026-12-01T00:00:00Z", null, null, null).files())
        .containsExactly(
            new StatsAnswer.FileCount("jackherer", PKG, 8),
            new StatsAnswer.FileCount("jackherer", META, 1));
  }

  @Test
  void nothingIsWrittenPerRequestOnlyPerFlush() {
    DownloadCounter counter = new DownloadCounter(new Releases(10));
    StatsFlusher flusher = flusher(counter);
    counter.redirected(7, "DE", PKG);
    assertThat(
            resource().series("hour", "2026-12-01T00:00:00Z", null, null, null, null, null).total())
        .isZero();
    flusher.flush();
    assertThat(
            resource().series("hour", "2026-12-01T00:00:00Z", null, null, null, null, null).total())
        .isEqualTo(1);
    // an empty interval writes nothing and a drained count is not written twice
    flusher.flush();
    assertThat(
            resource().series("hour", "2026-12-01T00:00:00Z", null, null, null, null, null).total())
        .isEqualTo(1);
  }

  @Test
  void hoursFoldIntoDaysAfterTheWindowAndOldDaysAreDeleted() {
    DownloadCounter counter = new DownloadCounter(new Releases(10));
    StatsFlusher flusher = flusher(counter);
    StatsRetention retention =
        new StatsRetention(db.jdbi(), clock, Duration.ofDays(2), Duration.ofDays(5), executor);
    for (int hour = 0; hour < 30; hour++) {
      counter.redirected(7, "DE", PKG);
      clock.advance(Duration.ofHours(1));
      flusher.flush();
    }
    // T + 30 h: all 30 hours are within the two-day window
    retention.expire();
    StatsAnswer hourly =
        resource()
            .series("hour", "2026-12-01T00:00:00Z", "2026-12-03T00:00:00Z", null, null, null, null);
    assertThat(hourly.series().get(0).points()).hasSize(30);

    clock.advance(Duration.ofDays(2));
    retention.expire();
    // two days on, every one of those hours is older than the window: they are days now
    StatsAnswer later =
        resource()
            .series("hour", "2026-12-01T00:00:00Z", "2026-12-04T00:00:00Z", null, null, null, null);
    assertThat(later.total()).isZero();
    StatsAnswer daily =
        resource()
            .series("day", "2026-12-01T00:00:00Z", "2026-12-05T00:00:00Z", null, null, null, null);
    assertThat(daily.total()).isEqualTo(30);
    assertThat(daily.series().get(0).points())
        .containsExactly(
            new StatsAnswer.Point(Instant.parse("2026-12-01T00:00:00Z"), 14),
            new StatsAnswer.Point(Instant.parse("2026-12-02T00:00:00Z"), 16));
    // folding twice counts nothing twice
    retention.expire();
    assertThat(
            resource()
                .series(
                    "day", "2026-12-01T00:00:00Z", "2026-12-05T00:00:00Z", null, null, null, null)
                .total())
        .isEqualTo(30);

    // a count written late, for an hour already folded, goes straight into its day
    counter.redirected(7, "DE", PKG);
    clock.advance(Duration.ofMinutes(1));
    flusher.flush();
    assertThat(
            resource()
                .series(
                    "day", "2026-12-01T00:00:00Z", "2026-12-06T00:00:00Z", null, null, null, null)
                .total())
        .isEqualTo(31);

    clock.advance(Duration.ofDays(5));
    retention.expire();
    assertThat(
            resource()
                .series(
                    "day", "2026-11-01T00:00:00Z", "2026-12-10T00:00:00Z", null, null, null, null)
                .total())
        .isZero();
    assertThat(resource().files("2026-11-01T00:00:00Z", "2026-12-10T00:00:00Z", null, null).files())
        .isEmpty();
  }

  @Test
  void releasesAreBoundedAndBadFiltersAreRefusedWithAReason() {
    Releases releases = new Releases(2);
    assertThat(releases.of("distri/jackherer/pkg/a")).isEqualTo("jackherer");
    assertThat(releases.of("distri/master/pkg/a")).isEqualTo("master");
    assertThat(releases.of("distri/0123abcd/pkg/a")).isEqualTo(Releases.OTHER);
    assertThat(releases.of("distri/jackherer")).isSameAs(releases.of("distri/jackherer/img/x"));

    List<Runnable> mistakes =
        List.of(
            () -> resource().series("minute", null, null, null, null, null, null),
            () -> resource().series(null, "yesterday", null, null, null, null, null),
            () ->
                resource()
                    .series(
                        null,
                        "2026-12-02T00:00:00Z",
                        "2026-12-01T00:00:00Z",
                        null,
                        null,
                        null,
                        null),
            () ->
                resource()
                    .series(
                        "hour",
                        "2026-01-01T00:00:00Z",
                        "2026-12-01T00:00:00Z",
                        null,
                        null,
                        null,
                        null),
            () -> resource().series(null, null, null, "file", null, null, null),
            () -> resource().series(null, null, null, null, "mirror-a", null, null),
            () -> resource().series(null, null, null, null, null, "DEU", null),
            () -> resource().series(null, null, null, null, null, null, "a/b"),
            () -> resource().files(null, null, null, "0"));
    for (Runnable mistake : mistakes) {
      assertThatThrownBy(mistake::run)
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
          .hasMessageNotContaining("Exception");
    }
  }
}
