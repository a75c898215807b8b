package org.distr1.mirrors.coordinator.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write probe on the real migrations, on H2 and on PostgreSQL: healthy while a write commits,
 * unhealthy on the same database opened read-only, where {@code SELECT 1} still answers.
 */
@Tag("database")
class WritableDatabaseTest {

  @TempDir Path dir;

  @Test
  void healthyWhileWritesCommitUnhealthyOnAReadOnlyDatabase() throws Exception {
    String url;
    try (TestDatabase database = new TestDatabase(dir)) {
      assertThat(new WritableDatabase(database.jdbi(), Clock.systemUTC()).execute().isHealthy())
          .isTrue();
      url = TestDatabase.factory(dir).getUrl();
    }
    // H2 keeps one process per file; PostgreSQL: every transaction of the session read-only
    String readOnly =
        TestDatabase.onPostgres()
            ? url + "?options=-c%20default_transaction_read_only%3Don"
            : url + ";ACCESS_MODE_DATA=r";
    Jdbi jdbi =
        Jdbi.create(
            readOnly, TestDatabase.factory(dir).getUser(), TestDatabase.factory(dir).getPassword());
    int one = jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
    assertThat(one).isEqualTo(1);
    var result = new WritableDatabase(jdbi, Clock.systemUTC()).execute();
    assertThat(result.isHealthy()).isFalse();
    assertThat(result.getMessage())
        .startsWith("the database does not take writes: ")
        .containsIgnoringCase("read")
        .doesNotContain("Exception");
  }
}
