package org.distr1.mirrors.coordinator.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** A table of named accounts and their token hashes; {@code <table>} is fixed by the caller. */
@RegisterConstructorMapper(NamedTokenDao.Account.class)
interface NamedTokenDao {

  record Account(long id, String name, String tokenHash) {}

  @SqlQuery("SELECT id, name, token_hash FROM <table> WHERE id = :id")
  Optional<Account> find(@Define("table") String table, @Bind("id") long id);

  @SqlQuery("SELECT id, name, token_hash FROM <table> WHERE name = :name")
  Optional<Account> findByName(@Define("table") String table, @Bind("name") String name);

  @SqlQuery("SELECT id, name, token_hash FROM <table> ORDER BY name")
  List<Account> all(@Define("table") String table);

  @SqlUpdate("INSERT INTO <table> (name, token_hash, created_at) VALUES (:name, :hash, :now)")
  @GetGeneratedKeys("id")
  long insert(
      @Define("table") String table,
      @Bind("name") String name,
      @Bind("hash") String hash,
      @Bind("now") Instant now);

  @SqlUpdate("UPDATE <table> SET token_hash = :hash WHERE id = :id")
  int updateHash(@Define("table") String table, @Bind("id") long id, @Bind("hash") String hash);

  @SqlUpdate("DELETE FROM <table> WHERE name = :name")
  int delete(@Define("table") String table, @Bind("name") String name);
}
