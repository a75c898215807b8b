package org.distr1.mirrors.coordinator.origin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/** An immutable view of the origin's files, keyed by normalized repository path. */
public final class OriginTree {
  public static final OriginTree EMPTY = new OriginTree(Map.of());

  private final Map<String, OriginFile> files;
  private final OriginFile[] list;

  /** Files versioned in their name, oldest first (by appearance). */
  private final OriginFile[] byAppearance;

  /** For each index deciding mutable paths, the origin's digest of it (see {@link #indexes}). */
  private final Map<String, String> indexes;

  private OriginTree(Map<String, OriginFile> files) {
    this.files = files;
    this.list = files.values().toArray(OriginFile[]::new);
    Map<String, String> indexes = new HashMap<>();
    for (OriginFile file : list) {
      if (file.mutable()) {
        indexes.putIfAbsent(file.digestPath(), file.digest());
      }
    }
    this.indexes = Map.copyOf(indexes);
    // compressed siblings go with their original: checking one of them says little more
    this.byAppearance =
        files.values().stream()
            .filter(
                f ->
                    !f.mutable()
                        && (f.originalPath().equals(f.path())
                            || !files.containsKey(f.originalPath())))
            .sorted(Comparator.comparingLong(OriginFile::appearedAtMillis))
            .toArray(OriginFile[]::new);
  }

  public static OriginTree of(Collection<OriginFile> files) {
    return new OriginTree(
        Map.copyOf(
            files.stream().collect(Collectors.toMap(OriginFile::path, Function.identity()))));
  }

  /** The file at this path, or null when the origin has none. */
  public OriginFile get(String path) {
    return files.get(path);
  }

  public Collection<OriginFile> files() {
    return files.values();
  }

  /**
   * The indexes that decide who may serve the mutable paths ({@link OriginFile#digestPath()}), each
   * with the digest its mutable paths carry: tens of them for the whole tree, worked out once per
   * tree rather than from every path at every routing snapshot.
   */
  public Map<String, String> indexes() {
    return indexes;
  }

  /** A file chosen at random (for spot checks), null when the tree is empty. */
  public OriginFile sample(RandomGenerator random) {
    return list.length == 0 ? null : list[random.nextInt(list.length)];
  }

  /**
   * Up to {@code count} of the files versioned in their name that appeared last before {@code
   * beforeMillis}, newest first: what a mirror synced then is likeliest to lack.
   */
  public List<OriginFile> newestBefore(long beforeMillis, int count) {
    int low = 0;
    int high = byAppearance.length;
    while (low < high) { // first index appeared at or after beforeMillis
      int mid = (low + high) >>> 1;
      if (byAppearance[mid].appearedAtMillis() < beforeMillis) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    List<OriginFile> newest = new ArrayList<>(count);
    for (int i = low - 1; i >= 0 && newest.size() < count; i--) {
      newest.add(byAppearance[i]);
    }
    return newest;
  }

  public int size() {
    return files.size();
  }
}
