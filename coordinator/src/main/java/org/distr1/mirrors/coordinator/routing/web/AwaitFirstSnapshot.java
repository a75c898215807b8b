package org.distr1.mirrors.coordinator.routing.web;

import java.time.Duration;
import org.distr1.mirrors.coordinator.routing.RoutingTable;
import org.eclipse.jetty.server.Handler;

/**
 * Lets the routing table build its first snapshot beside the rest of start-up and holds the
 * server's start until it is there: Jetty starts the handlers (Jersey's among them, seconds at
 * start) before it opens the connectors, so no request is routed by the empty table, and the build
 * no longer waits for, nor delays, the rest.
 */
final class AwaitFirstSnapshot extends Handler.Wrapper {
  /**
   * Far above any build (a 10,000-mirror start takes seconds); the server fails rather than hangs.
   */
  private static final Duration LIMIT = Duration.ofMinutes(5);

  private final RoutingTable table;

  AwaitFirstSnapshot(Handler handler, RoutingTable table) {
    super(handler);
    this.table = table;
  }

  @Override
  protected void doStart() throws Exception {
    super.doStart();
    table.awaitFirst(LIMIT);
  }
}
