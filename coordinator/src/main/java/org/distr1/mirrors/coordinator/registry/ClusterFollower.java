package org.distr1.mirrors.coordinator.registry;

import java.util.Arrays;
import java.util.List;
import org.distr1.mirrors.coordinator.cluster.Cluster;

/**
 * What the other coordinators sharing the database changed, applied here: a mirror's cached token
 * hash is forgotten and routing reads mirrors again; stored reports are read by id ({@link
 * HeardReports}) and handed to routing as if stored here. After a resync every cached hash goes and
 * routing reloads once.
 */
final class ClusterFollower {

  private ClusterFollower() {}

  static void follow(
      Cluster cluster, RegistryEvents events, MirrorTokens tokens, HeardReports reports) {
    cluster.subscribe(
        RegistryEvents.MIRROR,
        detail -> {
          long id = Long.parseLong(detail);
          tokens.forget(id);
          events.heardChange(id);
        });
    cluster.subscribe(RegistryEvents.REPORTS, detail -> reports.heard(ids(detail)));
    cluster.onResync(
        () -> {
          tokens.forgetAll();
          events.heardChange();
        });
  }

  static List<Long> ids(String detail) {
    return Arrays.stream(detail.split(",")).filter(id -> !id.isEmpty()).map(Long::valueOf).toList();
  }
}
