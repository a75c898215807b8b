package org.distr1.mirrors.coordinator.routing.origin;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.distr1.mirrors.coordinator.registry.UpstreamState;
import org.distr1.mirrors.coordinator.routing.OriginFile;
import org.distr1.mirrors.coordinator.routing.OriginTree;

/**
 * What the registry answers nodes about upstream, read from the origin index routing keeps (one
 * scanner of the master tree): each release's {@code pkg/meta.binaryproto} digest in the bare
 * hex nodes report, and when the newest of them appeared. Derived once per scanned tree, so
 * answering thousands of reports a second costs a reference comparison.
 */
public final class OriginUpstream implements UpstreamState {

  private static final Pattern INDEX = Pattern.compile("distri/([^/]+)/pkg/meta\\.binaryproto");
  private static final String SHA256 = "sha256:";

  private record Derived(OriginTree tree, Upstream upstream) {}

  private final Supplier<OriginTree> origin;
  private volatile Derived derived = new Derived(null, new Upstream(null, Map.of()));

  public OriginUpstream(Supplier<OriginTree> origin) {
    this.origin = origin;
  }

  @Override
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
      Matcher index = INDEX.matcher(file.path());
      if (file.mutable() && index.matches() && file.digest().startsWith(SHA256)) {
        digests.put(index.group(1), file.digest().substring(SHA256.length()));
        newest = Math.max(newest, file.appearedAtMillis());
      }
    }
    return new Upstream(newest == Long.MIN_VALUE ? null : Instant.ofEpochMilli(newest), digests);
  }
}
