package org.distr1.mirrors.node.sync;

import com.codahale.metrics.health.HealthCheck;
import org.distr1.mirrors.shared.api.DiskRequirement;
import org.distr1.mirrors.shared.api.NodeReport;

/**
 * Unhealthy when the space available to the mirror is below the requirement, as the coordinator
 * checks it.
 */
final class DiskSpaceHealthCheck extends HealthCheck {

  private final MirrorDisk disk;
  private final DiskRequirement requirement;

  DiskSpaceHealthCheck(MirrorDisk disk, DiskRequirement requirement) {
    this.disk = disk;
    this.requirement = requirement;
  }

  @Override
  protected Result check() throws Exception {
    NodeReport.DiskUsage usage = disk.usage();
    String message = requirement.describe(usage);
    return requirement.metBy(usage.availableToMirrorBytes())
        ? Result.healthy(message)
        : Result.unhealthy(message);
  }
}
