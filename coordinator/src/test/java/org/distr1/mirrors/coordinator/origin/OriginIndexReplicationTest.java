package org.distr1.mirrors.coordinator.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The origin index a primary writes and a regional coordinator reads, on the database tier's
 * database (a real H2 file, and again a real PostgreSQL) with the real migrations: changes travel
 * row by row, vanished files go, the reader's freshness is the age of the writer's confirmation.
 */
@Tag("database")
class OriginIndexReplicationTest {
  static final OriginFile IMAGE =
      new OriginFile("distri/jackherer/pkg/hello-amd64-1.squashfs", 4096, 1_000, null);
  static final OriginFile INDEX =
      new OriginFile(
          "distri/jackherer/pkg/meta.binaryproto", 100, 2_000, "sha256:" + "a".repeat(64));
  static final OriginFile OTHER =
      new OriginFile("distri/jackherer/pkg/zsh-amd64-5.squashfs", 8192, 3_000, null);

  @TempDir Path dir;
  private TestDatabase database;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  private final AtomicReference<OriginTree> tree = new AtomicReference<>(OriginTree.EMPTY);
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.ofEpochSecond(1_000));
  private final Clock clock =
      new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };

  @BeforeEach
  void setUp() throws Exception {
    database = new TestDatabase(dir);
  }

  @AfterEach
  void tearDown() throws Exception {
    executor.shutdownNow();
    database.close();
  }

  OriginIndexWriter writer() {
    OriginIndexWriter writer =
        new OriginIndexWriter(tree::get, database.jdbi(), executor, Duration.ofHours(1), clock);
    writer.start();
    return writer;
  }

  ReplicatedOrigin reader() {
    return new ReplicatedOrigin(
        database.jdbi(), URI.create("http://127.0.0.1:1/"), Duration.ofSeconds(10), clock);
  }

  Map<String, Long> versions() {
    return database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT path, version FROM origin_files").mapToMap().list().stream()
                    .collect(
                        Collectors.toMap(
                            row -> (String) row.get("path"),
                            row -> ((Number) row.get("version")).longValue())));
  }

  @Test
  void changesTravelRowByRowAndVanishedFilesGo() {
    ReplicatedOrigin regional = reader();
    int[] heard = {0};
    regional.addListener(() -> heard[0]++);
    regional.start();
    assertThat(regional.current().size()).isZero();
    assertThat(regional.fresh()).as("never confirmed").isFalse();

    tree.set(OriginTree.of(List.of(IMAGE, INDEX)));
    OriginIndexWriter primary = writer();
    primary.write();
    regional.read();
    assertThat(regional.current().files()).containsExactlyInAnyOrder(IMAGE, INDEX);
    assertThat(regional.fresh()).isTrue();
    assertThat(heard[0]).isEqualTo(1);
    long imageVersion = versions().get(IMAGE.path());

    // a new index, a new package, nothing else rewritten
    OriginFile newIndex = new OriginFile(INDEX.path(), 120, 4_000, "sha256:" + "b".repeat(64));
    tree.set(OriginTree.of(List.of(IMAGE, newIndex, OTHER)));
    primary.write();
    assertThat(versions().get(IMAGE.path())).isEqualTo(imageVersion);
    assertThat(versions().get(OTHER.path())).isGreaterThan(imageVersion);
    regional.read();
    assertThat(regional.current().get(INDEX.path())).isEqualTo(newIndex);
    assertThat(regional.current().get(OTHER.path())).isEqualTo(OTHER);

    // a vanished file goes, also when another appears in the same write
    OriginFile third = new OriginFile("distri/jackherer/pkg/vim-amd64-9.squashfs", 1, 5_000, null);
    tree.set(OriginTree.of(List.of(newIndex, OTHER, third)));
    primary.write();
    regional.read();
    assertThat(regional.current().files()).containsExactlyInAnyOrder(newIndex, OTHER, third);
    assertThat(versions()).doesNotContainKey(IMAGE.path());

    // a restarted writer reads what is stored and writes nothing again
    primary.stop();
    Map<String, Long> before = versions();
    OriginIndexWriter restarted = writer();
    restarted.write();
    assertThat(versions()).isEqualTo(before);
    int heardBefore = heard[0];
    regional.read();
    assertThat(heard[0]).as("nothing changed").isEqualTo(heardBefore);
    restarted.stop();
  }

  @Test
  void theViewIsFreshOnlyWhileTheWriterConfirmsIt() {
    tree.set(OriginTree.of(List.of(IMAGE)));
    OriginIndexWriter primary = writer();
    primary.write();
    ReplicatedOrigin regional = reader();
    regional.start();
    assertThat(regional.fresh()).isTrue();
    assertThat(regional.unchanged(IMAGE)).isTrue();

    // the writer stops (its coordinator died, or the replica stopped replaying): the view ages
    primary.stop();
    now.set(now.get().plusSeconds(11));
    regional.read();
    assertThat(regional.fresh()).isFalse();
    assertThat(regional.unchanged(IMAGE)).isFalse();
    assertThat(regional.age()).isEqualTo(Duration.ofSeconds(11));

    // a stopped writer writes nothing; a running one confirms the unchanged tree
    primary.write();
    regional.read();
    assertThat(regional.fresh()).isFalse();
    OriginIndexWriter again = writer();
    again.write();
    regional.read();
    assertThat(regional.fresh()).isTrue();
    again.stop();
  }
}
