package org.distr1.mirrors.coordinator.origin;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.distr1.mirrors.shared.repo.ReleaseIndex;

/**
 * What the registry answers nodes about upstream, read from the origin index (one scanner of the
 * master tree): each section index's digest (keys as {@link ReleaseIndex}) in the bare hex nodes
 * report, and when the origin last changed (the newest appearance of any file: a node whose sync
 * began before it is stale for that file however its indexes compare). Derived once per scanned
 * tree, so answering thousands of reports a second costs a reference comparison.
 */
public final class OriginUpstream {

  private record Derived(OriginTree tree, Upstream upstream) {}

  private final Supplier<OriginTree> origin;
  private volatile Derived derived = new Derived(null, new Upstream(null, Map.of()));

  public OriginUpstream(Supplier<OriginTree> origin) {
    this.origin = origin;
  }

  public Upstream current() {
    OriginTree tree = origin.get();
    Derived known = derived;
    if (known.tree() != tree) {
      known = new Derived(tree, upstream(tree));
      derived = known; // a race derives the same value twice, harmlessly
    }
    return known.upstream();
  }

  static Upstream upstream(OriginTree tree) {
    Map<String, String> digests = new TreeMap<>();
    long newest = Long.MIN_VALUE;
    for (OriginFile file : tree.files()) {
      String release = ReleaseIndex.releaseOf(file.path());
      String hex = file.mutable() ? ReleaseIndex.bareHex(file.digest()) : null;
      if (release != null && hex != null) {
        digests.put(release, hex);
      }
      newest = Math.max(newest, file.appearedAtMillis());
    }
    return new Upstream(newest == Long.MIN_VALUE ? null : Instant.ofEpochMilli(newest), digests);
  }
}
