package org.distr1.mirrors.coordinator.origin;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.customizer.FetchSize;
import org.jdbi.v3.sqlobject.statement.BatchChunkSize;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * {@code origin_files} and {@code origin_index_state}: the origin index regional coordinators read.
 */
@RegisterConstructorMapper(OriginFile.class)
@RegisterConstructorMapper(IndexState.class)
interface OriginIndexDao {
  /**
   * Rows per executed batch. The first write of a tree holds every path (100,000 files reached
   * through a release link and master are 300,000): in one batch Jdbi kept a binding of each row at
   * once, about 250 MB of heap, enough to stall a coordinator with a 512 MB heap in full
   * collections. Chunks inside the one transaction keep it all or nothing.
   */
  int CHUNK = 1_000;

  @SqlQuery("SELECT version, files, confirmed_at_millis FROM origin_index_state WHERE id = 1")
  IndexState state();

  @SqlQuery("SELECT path, size, appeared_at_millis, digest FROM origin_files")
  @FetchSize(CHUNK)
  void each(Consumer<OriginFile> file);

  /**
   * Every row, one at a time, in a transaction (PostgreSQL's driver reads by the fetch size only
   * there): a list of 300,000 rows was about 60 MB at once.
   */
  @Transaction
  default void forEach(Consumer<OriginFile> file) {
    each(file);
  }

  /** Rows written after {@code after} up to {@code upTo}: what a reader at {@code after} lacks. */
  @SqlQuery(
      """
      SELECT path, size, appeared_at_millis, digest FROM origin_files
      WHERE version > :after AND version <= :upTo""")
  List<OriginFile> changed(@Bind("after") long after, @Bind("upTo") long upTo);

  @SqlQuery("SELECT path FROM origin_files")
  List<String> paths();

  @SqlBatch("DELETE FROM origin_files WHERE path = :path")
  @BatchChunkSize(CHUNK)
  void delete(@Bind("path") Collection<String> paths);

  @SqlBatch(
      """
      INSERT INTO origin_files (path, size, appeared_at_millis, digest, version)
      VALUES (:f.path, :f.size, :f.appearedAtMillis, :f.digest, :version)""")
  @BatchChunkSize(CHUNK)
  void insert(@BindMethods("f") Collection<OriginFile> files, @Bind("version") long version);

  @SqlUpdate(
      """
      UPDATE origin_index_state SET version = :version, files = :files,
        confirmed_at_millis = :confirmedAtMillis
      WHERE id = 1""")
  void setState(@BindMethods IndexState state);

  @SqlUpdate("UPDATE origin_index_state SET confirmed_at_millis = :at WHERE id = 1")
  void confirm(@Bind("at") long atMillis);

  /**
   * Writes the files whose content changed and deletes the vanished ones as one new version, all or
   * nothing; returns the new state.
   */
  @Transaction
  default IndexState apply(
      Collection<OriginFile> changed, Collection<String> vanished, long files, long nowMillis) {
    IndexState next = new IndexState(state().version() + 1, files, nowMillis);
    if (!changed.isEmpty()) {
      delete(changed.stream().map(OriginFile::path).toList());
      insert(changed, next.version());
    }
    if (!vanished.isEmpty()) {
      delete(vanished);
    }
    setState(next);
    return next;
  }
}
