package org.distr1.mirrors.coordinator;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jackson.Jackson;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.distr1.mirrors.coordinator.admin.Maintainers;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * A second pool on a running test coordinator's database ({@link TestDatabase}), to look behind its
 * API: a maintainer's token, and what a request changed.
 */
public final class AppDatabase implements AutoCloseable {
  private final ManagedDataSource dataSource;
  private final Jdbi jdbi;

  private AppDatabase(ManagedDataSource dataSource) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
  }

  /** The database of the coordinator whose data directory is {@code data}. */
  public static AppDatabase open(Path data) {
    return new AppDatabase(TestDatabase.factory(data).build(new MetricRegistry(), "test"));
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /** A new maintainer token for {@code name}, as {@code maintainer-token create} issues it. */
  public String maintainerToken(String name) {
    return new Maintainers(
            jdbi,
            new AuditLog(jdbi, Jackson.newObjectMapper(), Clock.systemUTC()),
            Clock.systemUTC())
        .issue(name, "test");
  }

  /** What these queries read, as text: the same before and after a request that changes nothing. */
  public String rows(String... queries) {
    return jdbi.withHandle(
        h ->
            Arrays.stream(queries)
                .map(query -> h.createQuery(query).mapToMap().list().toString())
                .collect(Collectors.joining("\n")));
  }

  /** Rows in {@code table}. */
  public long count(String table) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
  }

  @Override
  public void close() throws Exception {
    dataSource.stop();
  }
}
