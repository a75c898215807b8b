package org.distr1.mirrors.coordinator.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database tier really runs where it says: on PostgreSQL 15 in the postgresql execution, and a
 * stopped server keeps its data and comes back on its port.
 */
@Tag("database")
class PostgresServerTest {

  @TempDir java.nio.file.Path dir;

  @Test
  void theTierRunsOnTheDatabaseItNames() throws Exception {
    try (TestDatabase db = new TestDatabase(dir)) {
      String product =
          db.jdbi()
              .withHandle(
                  h ->
                      h.getConnection().getMetaData().getDatabaseProductName()
                          + " "
                          + h.getConnection().getMetaData().getDatabaseMajorVersion());
      assertThat(product).isEqualTo(TestDatabase.onPostgres() ? "PostgreSQL 15" : "H2 2");
    }
  }

  @Test
  void aStoppedServerKeepsItsDataAndReturnsOnItsPort() throws Exception {
    if (!TestDatabase.onPostgres()) {
      return;
    }
    PostgresServer server = PostgresServer.start();
    try {
      String url = server.createDatabase("kept");
      try (Connection c = server.connect("kept")) {
        c.createStatement().execute("CREATE TABLE t (v INT); INSERT INTO t VALUES (42)");
      }
      server.stop();
      assertThatThrownBy(() -> server.connect("kept").close()).isInstanceOf(SQLException.class);
      PostgresServer again = server.restart();
      try (Connection c = again.connect("kept");
          ResultSet rows = c.createStatement().executeQuery("SELECT v FROM t")) {
        assertThat(again.url("kept")).isEqualTo(url);
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(42);
      }
      again.close();
      assertThat(Files.exists(server.dir())).isFalse();
    } finally {
      server.close();
    }
  }
}
