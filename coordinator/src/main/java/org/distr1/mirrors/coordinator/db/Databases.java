package org.distr1.mirrors.coordinator.db;

import io.dropwizard.db.DataSourceFactory;
import java.util.Locale;
import java.util.Map;

/** Database defaults: an embedded H2 file that keeps every committed transaction. */
public final class Databases {

  /**
   * H2 2.x keeps committed changes in memory for {@code WRITE_DELAY} ms (default 500) before
   * writing them; with 0 every commit is written to the file before it returns, so a SIGKILL after
   * an acknowledged write loses nothing (the OS still holds the written pages). The coordinator is
   * the only user of the file, hence no auto-server; Dropwizard closes the pool on shutdown, so H2
   * must not close the database from its own shutdown hook first.
   *
   * <p>H2 compacts its file from a background thread that only runs when commits are delayed, so
   * with {@code WRITE_DELAY=0} a running coordinator never shrinks the file: each commit writes a
   * new chunk, superseded chunks are kept 45 s (against a power cut) and partly live ones are never
   * rewritten. The file grows with the rate of commits, not the data (3,000 enrollments in 111 s
   * left 366 MiB for 18 MiB of live pages); its free space is reused at a steady rate. What does
   * shrink it is the compaction at close, given the time: 10 s rather than H2's 200 ms (that 366
   * MiB file compacts to 15 MiB in 1.4 s), so every graceful stop or restart brings it back to its
   * data.
   */
  static final String H2_OPTIONS =
      ";AUTO_SERVER=FALSE;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;MAX_COMPACT_TIME=10000";

  private Databases() {}

  public static String h2FileUrl(String pathWithoutExtension) {
    return "jdbc:h2:file:" + pathWithoutExtension + H2_OPTIONS;
  }

  public static DataSourceFactory defaultH2File() {
    return h2File("./data/coordinator");
  }

  public static DataSourceFactory h2File(String pathWithoutExtension) {
    DataSourceFactory factory = new DataSourceFactory();
    factory.setDriverClass("org.h2.Driver");
    factory.setUrl(h2FileUrl(pathWithoutExtension));
    factory.setUser("sa");
    factory.setPassword("");
    factory.setValidationQuery("SELECT 1");
    // after an outage (disk full closes H2) broken connections are replaced, not lent again
    factory.setCheckConnectionOnBorrow(true);
    factory.setValidationInterval(io.dropwizard.util.Duration.seconds(1));
    factory.setProperties(Map.of());
    return factory;
  }

  /** False only for an H2 file URL that does not write every commit at once. */
  public static boolean isDurable(String url) {
    if (url == null) {
      return true;
    }
    String lower = url.toLowerCase(Locale.ROOT);
    boolean h2File = lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:mem:");
    return !h2File || lower.replace(" ", "").contains(";write_delay=0");
  }
}
