package org.distr1.mirrors.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.util.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.distr1.mirrors.shared.testing.RsyncDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers of the published tree during many publications, and snapshot removal. */
class PublicationIT {

  private static final int FILES = 20;

  @TempDir Path upstream;
  @TempDir Path mirror;

  private void writeGeneration(int generation) throws Exception {
    Path dir = Files.createDirectories(upstream.resolve("jackherer/pkg"));
    for (int i = 0; i < FILES; i++) {
      Path file = dir.resolve("f" + i + ".meta.textproto");
      Path temp = dir.resolve(".tmp");
      // sizes vary per generation and file, so readers also see differing lengths
      Files.writeString(temp, "generation " + generation + "\n" + "x".repeat(generation * i));
      Files.setLastModifiedTime(temp, FileTime.fromMillis(1_700_000_000_000L + generation * 1000L));
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  @Test
  void readersNeverSeeAMixedTree() throws Exception {
    writeGeneration(1);
    try (var daemon = RsyncDaemon.builder(upstream).start()) {
      var harness = new SyncHarness(daemon.url(), mirror, Duration.hours(1), false);
      assertThat(harness.start().succeeded()).isTrue();
      var stop = new AtomicBoolean();
      var errors = new CopyOnWriteArrayList<String>();
      Set<Integer> seen = ConcurrentHashMap.newKeySet();
      var rounds = new AtomicLong();
      List<Thread> readers = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        Thread reader =
            new Thread(
                () -> {
                  int last = 0;
                  while (!stop.get()) {
                    try {
                      // as a file server does: resolve the published snapshot once, read several
                      // files
                      Path snapshot = mirror.resolve("current").toRealPath();
                      Integer generation = null;
                      for (int i = 0; i < FILES; i++) {
                        String content =
                            Files.readString(
                                snapshot.resolve("jackherer/pkg/f" + i + ".meta.textproto"));
                        int g = Integer.parseInt(content.substring(11, content.indexOf('\n')));
                        if (generation != null && g != generation) {
                          errors.add(
                              "mixed generations " + generation + " and " + g + " in " + snapshot);
                        }
                        generation = g;
                      }
                      if (generation < last) {
                        errors.add("went back from generation " + last + " to " + generation);
                      }
                      last = generation;
                      seen.add(generation);
                      rounds.incrementAndGet();
                    } catch (Exception e) {
                      errors.add(e.toString());
                    }
                  }
                },
                "reader-" + r);
        reader.start();
        readers.add(reader);
      }
      try {
        for (int generation = 2; generation <= 15; generation++) {
          writeGeneration(generation);
          SyncResult result = harness.syncAndWait();
          assertThat(result.succeeded()).as(result.message()).isTrue();
        }
      } finally {
        stop.set(true);
        for (Thread reader : readers) {
          reader.join();
        }
        harness.service.stop();
      }
      assertThat(errors).isEmpty();
      assertThat(rounds.get()).isGreaterThan(15);
      assertThat(seen).as("readers saw several publications").hasSizeGreaterThan(2).contains(15);
    }
  }

  @Test
  void replacedSnapshotsAreRemovedAfterTheGracePeriod() throws Exception {
    writeGeneration(1);
    try (var daemon = RsyncDaemon.builder(upstream).start()) {
      var harness = new SyncHarness(daemon.url(), mirror, Duration.seconds(0), false);
      assertThat(harness.start().succeeded()).isTrue();
      String first = harness.currentId();
      writeGeneration(2);
      assertThat(harness.syncAndWait().succeeded()).isTrue();
      harness.service.stop();

      assertThat(harness.snapshotDirs()).containsExactly(harness.currentId()).doesNotContain(first);
      assertThat(harness.current().resolve("jackherer/pkg/f0.meta.textproto"))
          .content()
          .startsWith("generation 2");
    }
  }
}
