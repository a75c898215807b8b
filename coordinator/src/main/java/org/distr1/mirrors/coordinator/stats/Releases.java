package org.distr1.mirrors.coordinator.stats;

/**
 * The release of a repository path: its first segment below the module directory ({@code
 * jackherer}, {@code master}, a commit). Known names are matched in place, so a request allocates
 * no substring; at most {@code limit} names are kept (commit directories accumulate), the rest
 * count as {@link #OTHER}.
 */
public final class Releases {
  public static final String OTHER = "(other)";

  private final int limit;
  private volatile String[] known = new String[0];

  public Releases(int limit) {
    this.limit = limit;
  }

  /** The release of {@code path} ({@code distri/<release>/...}); empty for the module itself. */
  public String of(String path) {
    int start = path.indexOf('/') + 1;
    if (start == 0) {
      return "";
    }
    int end = path.indexOf('/', start);
    if (end < 0) {
      end = path.length();
    }
    int length = end - start;
    for (String name : known) {
      if (name.length() == length && path.regionMatches(start, name, 0, length)) {
        return name;
      }
    }
    return add(path.substring(start, end));
  }

  private synchronized String add(String name) {
    String[] current = known;
    for (String existing : current) {
      if (existing.equals(name)) {
        return existing;
      }
    }
    if (current.length >= limit || name.length() > 100) {
      return OTHER;
    }
    String[] grown = java.util.Arrays.copyOf(current, current.length + 1);
    grown[current.length] = name;
    known = grown;
    return name;
  }
}
