package org.distr1.mirrors.coordinator.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2CompactionAtCloseTest {

  private static final int ROWS = 300;
  private static final int ROUNDS = 15;

  /**
   * The coordinator's write pattern, each mirror's report row rewritten once per interval, one
   * commit each: with WRITE_DELAY=0 the file grows with the commits while the database is open;
   * closing it (a graceful stop) compacts it back near the size of the rows, which still read as
   * last written.
   */
  @Test
  void closingCompactsTheFileGrownByRewrites(@TempDir Path dir) {
    Jdbi jdbi = Jdbi.create(Databases.h2FileUrl(dir.resolve("db").toString()), "sa", "");
    Path file = dir.resolve("db.mv.db");
    long grown;
    // one connection open throughout, as the pool keeps one: H2 closes a database with none
    try (Handle open = jdbi.open()) {
      open.execute("CREATE TABLE reports (id INT PRIMARY KEY, body VARCHAR(4000))");
      for (int round = 0; round < ROUNDS; round++) {
        for (int id = 0; id < ROWS; id++) {
          int row = id;
          String body = ("round " + round + " row " + id + " ").repeat(100);
          jdbi.useTransaction(
              h -> h.execute("MERGE INTO reports KEY (id) VALUES (?, ?)", row, body));
        }
      }
      grown = size(file);
    }
    long rowBytes = ROWS * 2L * 2000; // about 2,000 characters a row, stored as UTF-8 or UTF-16
    assertThat(grown).as("file while open").isGreaterThan(8 * rowBytes);
    assertThat(size(file)).as("file after close, %d bytes before", grown).isLessThan(3 * rowBytes);
    int current =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM reports WHERE body LIKE :last")
                    .bind("last", "round " + (ROUNDS - 1) + " row %")
                    .mapTo(Integer.class)
                    .one());
    assertThat(current).isEqualTo(ROWS);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
