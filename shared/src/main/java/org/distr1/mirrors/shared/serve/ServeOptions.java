package org.distr1.mirrors.shared.serve;

import java.time.Duration;

/**
 * How much the file server may remember about a tree between requests.
 *
 * @param maxCachedEntries bound on remembered paths per tree (resolution, sibling freshness, file
 *     mappings); when reached the memory is dropped and rebuilt from disk
 * @param revalidateAfter how long a remembered entry is trusted; {@code null} means forever, which
 *     is right for a published snapshot (never modified once visible) and wrong for a live tree
 */
public record ServeOptions(int maxCachedEntries, Duration revalidateAfter) {
  public ServeOptions {
    if (maxCachedEntries < 0) {
      throw new IllegalArgumentException("maxCachedEntries must be >= 0");
    }
    if (revalidateAfter != null && revalidateAfter.isNegative()) {
      throw new IllegalArgumentException("revalidateAfter must not be negative");
    }
  }

  /** For trees that never change once served (the node's published snapshots). */
  public static ServeOptions immutableTree(int maxCachedEntries) {
    return new ServeOptions(maxCachedEntries, null);
  }

  /** For a tree written while it is served (the coordinator's master tree). */
  public static ServeOptions liveTree(int maxCachedEntries, Duration revalidateAfter) {
    return new ServeOptions(maxCachedEntries, revalidateAfter);
  }

  long revalidateAfterNanos() {
    return revalidateAfter == null ? Long.MAX_VALUE : revalidateAfter.toNanos();
  }
}
