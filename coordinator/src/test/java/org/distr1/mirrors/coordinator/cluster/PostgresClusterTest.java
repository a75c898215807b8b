package org.distr1.mirrors.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two coordinators' channels on one real PostgreSQL database. */
@Tag("database")
class PostgresClusterTest {

  @TempDir Path dir;
  final ExecutorService threads = Executors.newCachedThreadPool();
  TestDatabase database;
  PostgresCluster sender;
  PostgresCluster receiver;

  @AfterEach
  void stop() throws Exception {
    if (receiver != null) {
      receiver.stop();
    }
    threads.shutdownNow();
    if (database != null) {
      database.close();
    }
  }

  @Test
  void aChangeToldWithinATransactionIsHeardAtItsCommitAndNeverAfterARollback() throws Exception {
    Assumptions.assumeTrue(TestDatabase.onPostgres(), "needs PostgreSQL (LISTEN/NOTIFY)");
    database = new TestDatabase(dir);
    Duration poll = Duration.ofMillis(50);
    sender = new PostgresCluster(database.jdbi(), TestDatabase.factory(dir), poll, poll, threads);
    receiver = new PostgresCluster(database.jdbi(), TestDatabase.factory(dir), poll, poll, threads);
    List<String> heard = new CopyOnWriteArrayList<>();
    receiver.subscribe("reports", heard::add);
    receiver.start();
    // listening once a change told on its own arrives
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              sender.publish("reports", "0");
              return heard.contains("0");
            });

    try (Handle handle = database.jdbi().open()) {
      handle.begin();
      sender.publish(handle, "reports", "1,2");
      handle.rollback();
      handle.begin();
      sender.publish(handle, "reports", "3,4");
      assertThat(heard).doesNotContain("3,4"); // not before the commit
      handle.commit();
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("3,4"));
    // notifications arrive in commit order: one of the rolled-back transaction would be here
    assertThat(heard).doesNotContain("1,2");
  }
}
