package org.distr1.mirrors.coordinator.origin;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.customizer.FetchSize;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** {@code origin_digests}: one row per hashed origin path. */
@RegisterConstructorMapper(DigestRow.class)
interface DigestRowDao {
  @SqlQuery(
      """
      SELECT path, size, appeared_at_millis, sha256, sha512, piece_length, pieces
      FROM origin_digests""")
  @FetchSize(1000)
  void each(Consumer<DigestRow> row);

  /**
   * Every row, one at a time: a list of them all held about 500 bytes of text per origin path at
   * once (180 MB at 100,000 files reached by three names). In a transaction because PostgreSQL's
   * driver reads by the fetch size only there; otherwise it reads the whole result first.
   */
  @Transaction
  default void forEach(Consumer<DigestRow> row) {
    each(row);
  }

  @SqlBatch("DELETE FROM origin_digests WHERE path = :path")
  void delete(@Bind("path") Collection<String> paths);

  @SqlBatch(
      """
      INSERT INTO origin_digests (path, size, appeared_at_millis, sha256, sha512, piece_length, pieces)
      VALUES (:r.path, :r.size, :r.appearedAtMillis, :r.sha256, :r.sha512, :r.pieceLength, :r.pieces)""")
  void insert(@BindMethods("r") List<DigestRow> rows);

  /** Replaces the rows of these paths and drops those of vanished ones, all or nothing. */
  @Transaction
  default void store(List<DigestRow> rows, Collection<String> vanished) {
    if (!rows.isEmpty()) {
      delete(rows.stream().map(DigestRow::path).toList());
      insert(rows);
    }
    if (!vanished.isEmpty()) {
      delete(vanished);
    }
  }
}
