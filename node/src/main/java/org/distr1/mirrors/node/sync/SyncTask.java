package org.distr1.mirrors.node.sync;

import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /tasks/sync} on the admin port (loopback by default): starts a sync now, for
 * operators. Returns at once; {@code /_mirror/status} shows the progress.
 */
final class SyncTask extends Task {

  private final SyncService sync;

  SyncTask(SyncService sync) {
    super("sync");
    this.sync = sync;
  }

  @Override
  public void execute(Map<String, List<String>> parameters, PrintWriter output) {
    sync.trigger();
    output.println("sync triggered; progress at /_mirror/status");
  }
}
