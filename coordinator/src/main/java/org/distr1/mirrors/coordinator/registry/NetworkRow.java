package org.distr1.mirrors.coordinator.registry;

import java.util.List;

/** One row of {@code mirror_networks}. */
public record NetworkRow(long mirrorId, String kind, String cidr) {

  static final String RSYNC_SOURCE = "rsync_source";
  static final String NETBLOCK = "netblock";

  static List<String> cidrs(List<NetworkRow> rows, String kind) {
    return rows.stream()
        .filter(row -> row.kind.equals(kind))
        .map(NetworkRow::cidr)
        .sorted()
        .toList();
  }
}
