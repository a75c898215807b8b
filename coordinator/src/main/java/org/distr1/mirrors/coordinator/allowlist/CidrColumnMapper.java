package org.distr1.mirrors.coordinator.allowlist;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.distr1.mirrors.shared.net.Cidr;
import org.distr1.mirrors.shared.net.CidrPolicy;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads a stored CIDR. Rows were validated against the configured policy when written; reading them
 * back only needs the fixed rules, so a later, stricter policy cannot make a stored row unreadable
 * (it applies to new entries).
 */
public final class CidrColumnMapper implements ColumnMapper<Cidr> {

  private static final CidrPolicy STORED = new CidrPolicy(1, 1, true, true, true);

  @Override
  public Cidr map(ResultSet rs, int column, StatementContext ctx) throws SQLException {
    String text = rs.getString(column);
    return text == null ? null : Cidr.parse(text, STORED);
  }
}
