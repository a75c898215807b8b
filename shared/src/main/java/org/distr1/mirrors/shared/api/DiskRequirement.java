package org.distr1.mirrors.shared.api;

import org.distr1.mirrors.shared.text.Human;

/**
 * The published disk requirement, measured one way by the node's health check and by the
 * coordinator's verification: the space available to the mirror — what its tree already uses plus
 * what is still free on its file system — must be at least {@code minBytes}. Total disk size would
 * pass a full disk; free space alone would fail a mirror once it holds the tree.
 */
public record DiskRequirement(long minBytes) {

  /** The requirement of the distri mirror network. */
  public static final long PUBLISHED_BYTES = 150L << 30;

  public DiskRequirement {
    if (minBytes < 0) {
      throw new IllegalArgumentException("minBytes must not be negative");
    }
  }

  public boolean metBy(long availableToMirrorBytes) {
    return availableToMirrorBytes >= minBytes;
  }

  /**
   * e.g. {@code 152.3 GiB available to the mirror (12.0 GiB used by it, 140.3 GiB free); 150.0 GiB
   * required}.
   */
  public String describe(NodeReport.DiskUsage disk) {
    return Human.bytes(disk.availableToMirrorBytes())
        + " available to the mirror ("
        + Human.bytes(disk.mirrorBytes())
        + " used by it, "
        + Human.bytes(disk.freeBytes())
        + " free); "
        + Human.bytes(minBytes)
        + " required";
  }
}
