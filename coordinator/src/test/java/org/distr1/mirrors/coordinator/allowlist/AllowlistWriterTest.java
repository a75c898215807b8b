package org.distr1.mirrors.coordinator.allowlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.jackson.Jackson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.distr1.mirrors.coordinator.allowlist.AllowlistEntry.Origin;
import org.distr1.mirrors.coordinator.cluster.Cluster;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer on the real test database (H2, then PostgreSQL): a failed rewrite keeps the commit and
 * is retried.
 */
@Tag("database")
class AllowlistWriterTest {

  @TempDir Path dir;
  TestDatabase db;

  @BeforeEach
  void open() throws Exception {
    db = new TestDatabase(dir);
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  private AllowlistWriter writer(Path fragment) {
    return new AllowlistWriter(
        db.jdbi(),
        Cluster.alone(),
        Optional.of(fragment),
        new AllowlistExporter(Jackson.newObjectMapper()),
        Clock.systemUTC());
  }

  private static Void insert(Handle handle, String cidr) {
    handle
        .attach(AllowlistDao.class)
        .insert(cidr, null, Origin.MAINTAINER, "", Instant.now(), "test", null);
    return null;
  }

  @Test
  void aFailedRewriteKeepsTheCommitReportsItAndTheNextChangeRepairsTheFile() throws Exception {
    Path blocker = dir.resolve("rsyncd.d");
    Files.writeString(blocker, "a file where the directory should be");
    AllowlistWriter writer = writer(blocker.resolve("allow.inc"));

    writer.change(h -> insert(h, "192.0.2.0/24"));
    assertThat(writer.publishFailure())
        .hasValueSatisfying(f -> assertThat(f).contains("allow.inc"));
    assertThat(db.jdbi().withExtension(AllowlistDao.class, AllowlistDao::all)).hasSize(1);

    Files.delete(blocker);
    Files.createDirectory(blocker);
    writer.change(h -> insert(h, "198.51.100.7/32"));
    assertThat(writer.publishFailure()).isEmpty();
    assertThat(AllowlistResourceTest.networks(Files.readString(blocker.resolve("allow.inc"))))
        .containsExactly("192.0.2.0/24", "198.51.100.7/32");
  }

  @Test
  void aRolledBackChangeLeavesTheFileAlone() throws Exception {
    Path fragment = dir.resolve("allow.inc");
    AllowlistWriter writer = writer(fragment);
    writer.change(h -> insert(h, "192.0.2.0/24"));
    byte[] before = Files.readAllBytes(fragment);
    assertThatThrownBy(
            () ->
                writer.change(
                    h -> {
                      insert(h, "198.51.100.7/32");
                      throw new IllegalStateException("refused after the insert");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(Files.readAllBytes(fragment)).isEqualTo(before);
    assertThat(db.jdbi().withExtension(AllowlistDao.class, AllowlistDao::all)).hasSize(1);
  }
}
