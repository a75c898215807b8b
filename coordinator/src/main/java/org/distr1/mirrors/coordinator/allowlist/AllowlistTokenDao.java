package org.distr1.mirrors.coordinator.allowlist;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(AllowlistTokenDao.Reader.class)
interface AllowlistTokenDao {

  record Reader(long id, String name, String tokenHash) {}

  @SqlQuery("SELECT id, name, token_hash FROM allowlist_tokens WHERE id = :id")
  Optional<Reader> find(@Bind("id") long id);

  @SqlQuery("SELECT id, name, token_hash FROM allowlist_tokens WHERE name = :name")
  Optional<Reader> findByName(@Bind("name") String name);

  @SqlQuery("SELECT id, name, token_hash FROM allowlist_tokens ORDER BY name")
  List<Reader> all();

  @SqlUpdate("""
      INSERT INTO allowlist_tokens (name, token_hash, created_at)
      VALUES (:name, :hash, :createdAt)
      """)
  @GetGeneratedKeys("id")
  long insert(@Bind("name") String name, @Bind("hash") String hash, @Bind("createdAt") Instant at);

  @SqlUpdate("UPDATE allowlist_tokens SET token_hash = :hash WHERE id = :id")
  int updateHash(@Bind("id") long id, @Bind("hash") String hash);

  @SqlUpdate("DELETE FROM allowlist_tokens WHERE name = :name")
  int delete(@Bind("name") String name);
}
