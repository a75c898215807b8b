package org.distr1.mirrors.coordinator.registry;

import java.util.Map;

/**
 * Told, after commit, which mirrors' latest reports a batch stored, so a reader can apply them to
 * what it holds instead of reading every mirror again. Called on the report writer's thread, batch
 * after batch in commit order: keep it short.
 */
@FunctionalInterface
public interface ReportListener {
  /**
   * @param latest mirror id → its report as just stored (the last one when a batch held several)
   */
  void reportsStored(Map<Long, RoutableMirror.LastReport> latest);
}
