package org.distr1.mirrors.coordinator.admin;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Maintainers and the hashes of their tokens. */
@RegisterConstructorMapper(MaintainerDao.Maintainer.class)
interface MaintainerDao {

  record Maintainer(long id, String name, String tokenHash, Instant createdAt) {}

  @SqlUpdate("INSERT INTO maintainers (name, token_hash, created_at) VALUES (:name, :hash, :now)")
  @GetGeneratedKeys("id")
  long insert(@Bind("name") String name, @Bind("hash") String tokenHash, @Bind("now") Instant now);

  @SqlUpdate("UPDATE maintainers SET token_hash = :hash WHERE id = :id")
  int updateTokenHash(@Bind("id") long id, @Bind("hash") String tokenHash);

  @SqlUpdate("DELETE FROM maintainers WHERE name = :name")
  int delete(@Bind("name") String name);

  @SqlQuery("SELECT id, name, token_hash, created_at FROM maintainers WHERE id = :id")
  Optional<Maintainer> find(@Bind("id") long id);

  @SqlQuery("SELECT id, name, token_hash, created_at FROM maintainers WHERE name = :name")
  Optional<Maintainer> findByName(@Bind("name") String name);

  @SqlQuery("SELECT id, name, token_hash, created_at FROM maintainers ORDER BY name")
  List<Maintainer> all();
}
