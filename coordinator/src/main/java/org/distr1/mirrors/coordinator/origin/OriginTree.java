package org.distr1.mirrors.coordinator.origin;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/** An immutable view of the origin's files, keyed by normalized repository path. */
public final class OriginTree {
  public static final OriginTree EMPTY = new OriginTree(Map.of());

  private final Map<String, OriginFile> files;
  private final OriginFile[] list;

  private OriginTree(Map<String, OriginFile> files) {
    this.files = files;
    this.list = files.values().toArray(OriginFile[]::new);
  }

  public static OriginTree of(Collection<OriginFile> files) {
    return new OriginTree(
        Map.copyOf(files.stream().collect(Collectors.toMap(OriginFile::path, Function.identity()))));
  }

  /** The file at this path, or null when the origin has none. */
  public OriginFile get(String path) {
    return files.get(path);
  }

  public Collection<OriginFile> files() {
    return files.values();
  }

  /** A file chosen at random (for spot checks), null when the tree is empty. */
  public OriginFile sample(RandomGenerator random) {
    return list.length == 0 ? null : list[random.nextInt(list.length)];
  }

  public int size() {
    return files.size();
  }
}
