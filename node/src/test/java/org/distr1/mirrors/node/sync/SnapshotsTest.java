package org.distr1.mirrors.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotsTest {

  @TempDir Path root;
  private final Instant t0 = Instant.parse("2026-11-26T09:00:00Z");

  private String publishNew(Snapshots snapshots, Instant at, String content) throws Exception {
    String id = snapshots.createPartial(at);
    Files.writeString(snapshots.partial(id).resolve("file"), content);
    snapshots.publish(id, at);
    return id;
  }

  @Test
  void publishSwitchesTheRelativeCurrentLinkAndKeepsTheOldOneForTheGracePeriod() throws Exception {
    var snapshots = new Snapshots(root);
    snapshots.open(t0);
    assertThat(snapshots.currentId()).isEmpty();

    String first = publishNew(snapshots, t0, "one");
    String second = publishNew(snapshots, t0, "two");

    assertThat(second).isEqualTo("20261126T090000Z-2").isNotEqualTo(first);
    assertThat(Files.readSymbolicLink(root.resolve("current")))
        .isEqualTo(Path.of("snapshots", second));
    assertThat(root.resolve("current/file")).hasContent("two");
    assertThat(snapshots.prune(t0.plusSeconds(59), Duration.ofMinutes(1))).isZero();
    assertThat(snapshots.dir(first)).isDirectory();
    assertThat(snapshots.prune(t0.plusSeconds(60), Duration.ofMinutes(1))).isEqualTo(1);
    assertThat(snapshots.dir(first)).doesNotExist();
    assertThat(snapshots.dir(second)).isDirectory();
    try (var left = Files.list(root)) {
      assertThat(left).as("no temporary links left").hasSize(2);
    }
  }

  @Test
  void openingAfterACrashRemovesPartialSnapshotsAndRetiresStrangersLater() throws Exception {
    var before = new Snapshots(root);
    before.open(t0);
    String served = publishNew(before, t0, "served");
    String crashed = before.createPartial(t0.plusSeconds(10));
    Files.createDirectories(before.partial(crashed).resolve("distri/ro"));
    Files.writeString(before.partial(crashed).resolve("distri/ro/x"), "half");
    // upstream directories can be read-only; removal must still work
    before.partial(crashed).resolve("distri/ro").toFile().setWritable(false);
    Files.createDirectories(root.resolve("snapshots/20200101T000000Z"));

    var after = new Snapshots(root);
    after.open(t0.plusSeconds(100));

    assertThat(after.partial(crashed)).doesNotExist();
    assertThat(after.currentId()).contains(served);
    assertThat(after.prune(t0.plusSeconds(100), Duration.ofSeconds(1))).isZero();
    assertThat(after.prune(t0.plusSeconds(101), Duration.ofSeconds(1))).isEqualTo(1);
    assertThat(root.resolve("snapshots/20200101T000000Z")).doesNotExist();
    assertThat(after.dir(served)).isDirectory();
  }

  /** The cron command is one process per sync: each must prune what an earlier one retired. */
  @Test
  void aLaterProcessPrunesWhatAnEarlierOneRetiredOnceTheGracePeriodIsOver() throws Exception {
    Duration grace = Duration.ofMinutes(15);
    var first = new Snapshots(root);
    first.open(t0);
    String old = publishNew(first, t0, "one");
    String served = publishNew(first, t0.plusSeconds(60), "two"); // retires old at t0 + 60 s

    var within = new Snapshots(root);
    within.open(t0.plus(grace));
    assertThat(within.prune(t0.plus(grace), grace)).isZero();
    assertThat(within.dir(old)).isDirectory();

    var after = new Snapshots(root);
    after.open(t0.plus(grace).plusSeconds(60));
    assertThat(after.prune(t0.plus(grace).plusSeconds(60), grace)).isEqualTo(1);
    assertThat(after.dir(old)).doesNotExist();
    try (var left = Files.list(root.resolve("snapshots"))) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly(served);
    }
  }

  @Test
  void aDiscardedSyncLeavesNothing() throws Exception {
    var snapshots = new Snapshots(root);
    snapshots.open(t0);
    String id = snapshots.createPartial(t0);
    Files.writeString(snapshots.partial(id).resolve("f"), "x");
    snapshots.discard(id);
    try (var left = Files.list(root.resolve("snapshots"))) {
      assertThat(left).isEmpty();
    }
  }
}
