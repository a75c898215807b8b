package org.distr1.mirrors.shared.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.distr1.mirrors.shared.repo.RepositoryPath;
import org.distr1.mirrors.shared.siblings.PrecompressedSiblings;

/**
 * A generated repository laid out like distri's rsync module {@code distri} ({@code path =
 * /srv/repo.distr1.org/distri/}), deterministic from a seed (contents and mtimes). The module root,
 * {@link #root()}, is what an rsync daemon serves and what a web server serves at {@code /distri/}:
 *
 * <pre>
 * &lt;commit&gt;/pkg/&lt;name&gt;-amd64-&lt;version&gt;.squashfs          noise (no siblings) or text-like (.zst, .gz)
 * &lt;commit&gt;/pkg/&lt;name&gt;-amd64-&lt;version&gt;.meta.textproto    (.zst, .gz)
 * &lt;commit&gt;/pkg/&lt;name&gt;-amd64.meta.textproto -&gt; the newest version's (siblings linked too)
 * &lt;commit&gt;/pkg/meta.binaryproto, debug/meta.binaryproto, src/meta.binaryproto   (.zst, .gz)
 * &lt;commit&gt;/debug/&lt;name&gt;-amd64-&lt;version&gt;.squashfs, src/&lt;name&gt;-amd64-&lt;version&gt;.squashfs
 * &lt;commit&gt;/img/distri-disk.img.zst, docs/index.html
 * jackherer -&gt; &lt;commit&gt;, supersilverhaze -&gt; &lt;commit&gt;, master -&gt; &lt;commit&gt;
 * </pre>
 *
 * <p>Paths in this API are the ones clients request below a web root: {@code
 * distri/supersilverhaze/pkg/i3status-amd64-2.13-10.squashfs}; on disk the {@code distri/} is the
 * module root itself. {@link #publish()} builds a new commit and moves {@code master} to it
 * atomically, as distri's autobuilder does.
 *
 * <p>Squashfs images are compressed inside already, so the noise ones carry no siblings; they are
 * also the "missing sibling" case for servers. Every sibling has exactly its original's mtime. At
 * scale 1 each release holds about 21 MiB; scale N repeats the package set N times (distinct
 * names). Mutations move an internal clock forward, so every written file gets a later mtime.
 *
 * <p>A burst test needs hundreds of packages, not hundreds of MiB: {@link #generate(Path, long,
 * int, int)} adds that many small ones (a few KiB each, every other one text-like with siblings) to
 * each release.
 */
public final class SampleRepository {

  /** The URL directory the module is served at, and the prefix of every path here. */
  public static final String SERVED_AT = RepositoryPath.MODULE_DIRECTORY;

  public static final List<String> RELEASES = List.of("supersilverhaze", "jackherer");
  public static final String MASTER = "master";

  /** Sections of every build, as in distri; the first three carry a meta.binaryproto. */
  public static final List<String> SECTIONS = List.of("pkg", "debug", "src", "img", "docs");

  public static final List<String> INDEXED_SECTIONS = List.of("pkg", "debug", "src");

  /** The mirror page's check file: {@code curl https://<mirror>/distri/} + this. */
  public static final String CHECK_FILE =
      "distri/supersilverhaze/pkg/i3status-amd64-2.13-10.squashfs";

  static final String INDEX = "meta.binaryproto";

  private static final String[] NAMES = {"zlib", "bash", "coreutils", "glibc", "linux", "gcc"};
  private static final long KIB = 1024;
  private static final long MIB = 1024 * KIB;
  // noise: a few bytes to several MiB; text-like: sizes that compress into the same range
  private static final long[] NOISE_SIZES = {5, 3000, 200 * KIB, 3 * MIB};
  private static final long[] TEXT_SIZES = {1 * KIB, 64 * KIB, 1 * MIB, 4 * MIB};
  private static final Instant EPOCH = Instant.parse("2024-03-01T12:00:00Z");

  private final Path root;
  private final long seed;
  private long clock;
  private int indexGeneration;

  private SampleRepository(Path root, long seed) {
    this.root = root;
    this.seed = seed;
  }

  /**
   * An existing tree (generated earlier, perhaps by another process), to publish into: the clock
   * continues after the newest file of {@code master}.
   */
  public static SampleRepository open(Path root) throws IOException {
    var repo = new SampleRepository(root, 1);
    long newest = 0;
    try (Stream<Path> walk = Files.walk(root.resolve(MASTER + "/"), FileVisitOption.FOLLOW_LINKS)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        newest = Math.max(newest, Files.getLastModifiedTime(p).toInstant().getEpochSecond());
      }
    }
    repo.clock = Math.max(0, (newest - EPOCH.getEpochSecond()) / 60 + 1);
    repo.indexGeneration = (int) repo.clock;
    return repo;
  }

  /** Generates the default tree (seed 1, scale 1) into {@code root}, the module root. */
  public static SampleRepository generate(Path root) throws IOException {
    return generate(root, 1, 1);
  }

  /** Generates a tree into {@code root} (created if missing; existing files are replaced). */
  public static SampleRepository generate(Path root, long seed, int scale) throws IOException {
    return generate(root, seed, scale, 0);
  }

  /**
   * A tree as {@link #generate(Path, long, int)} makes it, with {@code smallPackages} more packages
   * per release of 1 to 8 KiB each (named {@code small<n>-amd64-1.0-<k>}): as many distinct files
   * as a distri client's update asks for at once, in a few MiB.
   */
  public static SampleRepository generate(Path root, long seed, int scale, int smallPackages)
      throws IOException {
    if (scale < 1) {
      throw new IllegalArgumentException("scale must be at least 1, got " + scale);
    }
    if (smallPackages < 0) {
      throw new IllegalArgumentException(
          "smallPackages must not be negative, got " + smallPackages);
    }
    var repo = new SampleRepository(root, seed);
    Files.createDirectories(root);
    // the older release first, so its commit is the older one
    for (String release : List.of("jackherer", "supersilverhaze")) {
      String commit = repo.commitId(release);
      repo.link(release, commit);
      int n = 0;
      for (int round = 0; round < scale; round++) {
        for (int i = 0; i < NOISE_SIZES.length; i++) {
          repo.addVersioned(release, packageName(n++, round), NOISE_SIZES[i], false);
          repo.addVersioned(release, packageName(n++, round), TEXT_SIZES[i], true);
        }
      }
      for (int i = 0; i < smallPackages; i++) {
        repo.addVersioned(
            release, "small" + i + "-amd64-1.0-" + (i % 3 + 1), (i % 8 + 1) * KIB, i % 2 == 1);
      }
      if (release.equals("supersilverhaze")) {
        repo.addVersioned(release, "i3status-amd64-2.13-10", 40 * KIB, false);
      }
      for (String section : INDEXED_SECTIONS) {
        repo.rewriteIndex(release, section);
      }
      Path image = repo.resolve(repo.top(release) + "img/distri-disk.img.zst");
      Files.createDirectories(image.getParent());
      repo.writeGenerated(image, 512 * KIB, false, false);
      repo.writeFile(
          repo.top(release) + "docs/index.html",
          ("<!doctype html><title>distri " + release + "</title>\n")
              .getBytes(StandardCharsets.UTF_8),
          true);
    }
    repo.link(MASTER, repo.commitId("supersilverhaze"));
    return repo;
  }

  /** The commit directory name a generated release starts in (12 hex digits, like a git id). */
  private String commitId(String release) {
    return SamplePublication.commitId("seed " + seed + " " + release);
  }

  private void link(String name, String commit) throws IOException {
    Files.createDirectories(root.resolve(commit));
    Path link = root.resolve(name);
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, Path.of(commit));
  }

  private static String packageName(int n, int round) {
    String name = NAMES[n % NAMES.length] + (n >= NAMES.length ? "" + n / NAMES.length : "");
    return name + "-amd64-1." + round + "." + n + "-" + (n % 4 + 1);
  }

  private String top(String name) {
    if (!name.matches("[A-Za-z0-9.][A-Za-z0-9._-]*")
        || name.equals("..")
        || !Files.isDirectory(root.resolve(name))) {
      throw new IllegalArgumentException("no release, branch or commit " + name + " in " + root);
    }
    return SERVED_AT + "/" + name + "/";
  }

  /** The module root (what rsync serves, and a web server at {@code /distri/}). */
  public Path root() {
    return root;
  }

  /** The file at a client path, e.g. {@code distri/jackherer/pkg/meta.binaryproto}. */
  public Path resolve(String path) {
    return resolveIn(root, path);
  }

  /** The file at a client path in a copy of the module (a node's snapshot, an rsync target). */
  public static Path resolveIn(Path module, String path) {
    if (path.equals(SERVED_AT)) {
      return module;
    }
    if (!path.startsWith(SERVED_AT + "/")) {
      throw new IllegalArgumentException("sample paths start with " + SERVED_AT + "/: " + path);
    }
    return module.resolve(path.substring(SERVED_AT.length() + 1));
  }

  /** Client path of a release's (or branch's, or commit's) package index. */
  public static String indexPath(String release) {
    return SERVED_AT + "/" + release + "/pkg/" + INDEX;
  }

  /** The commit {@code master} points to now. */
  public String master() throws IOException {
    return Files.readSymbolicLink(root.resolve(MASTER)).toString();
  }

  /**
   * Builds a new commit from {@code master}'s (unchanged files hard-linked, one package in a new
   * version, new indexes) and moves {@code master} to it with one rename.
   *
   * @return the new commit's name
   */
  public String publish() throws IOException {
    return new SamplePublication(this).publish();
  }

  /**
   * Adds a package image and its {@code .meta.textproto}; text-like images get siblings.
   *
   * @return the image's path
   */
  public String addPackage(String release, String fullName, long size, boolean compressible)
      throws IOException {
    String image = top(release) + "pkg/" + fullName + ".squashfs";
    Path file = resolve(image);
    Files.createDirectories(file.getParent());
    writeGenerated(file, size, compressible, compressible);
    String meta =
        "source_pkg: \""
            + fullName.substring(0, fullName.indexOf("-amd64"))
            + "\"\n"
            + "version: \""
            + fullName.substring(fullName.indexOf("-amd64-") + 7)
            + "\"\n"
            + "runtime_dep: \"glibc-amd64-2.31-4\"\n";
    writeFile(
        top(release) + "pkg/" + fullName + ".meta.textproto",
        meta.getBytes(StandardCharsets.UTF_8),
        true);
    return image;
  }

  /** A package as distri publishes it: image, metadata, unversioned link, debug and source. */
  String addVersioned(String top, String fullName, long size, boolean compressible)
      throws IOException {
    String image = addPackage(top, fullName, size, compressible);
    String dir = top(top);
    for (String section : List.of("debug", "src")) {
      Path file = resolve(dir + section + "/" + fullName + ".squashfs");
      Files.createDirectories(file.getParent());
      writeGenerated(file, 2 * KIB, false, false);
    }
    String unversioned = fullName.substring(0, fullName.indexOf("-amd64") + 6) + ".meta.textproto";
    String target = fullName + ".meta.textproto";
    Path pkg = resolve(dir + "pkg");
    for (String suffix : List.of("", ".zst", ".gz")) {
      Path link = pkg.resolve(unversioned + suffix);
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, Path.of(target + suffix));
    }
    return image;
  }

  /** Replaces a file's content with new bytes of the same size (and its present siblings). */
  public void changeFile(String path) throws IOException {
    Path file = resolve(path);
    boolean siblings = Files.exists(PrecompressedSiblings.sibling(file, ".zst"));
    writeGenerated(file, Files.size(file), siblings, siblings);
  }

  /**
   * Creates or replaces a file with {@code content} at the next clock tick, with fresh siblings
   * when asked (stale siblings of a replaced file are removed otherwise).
   */
  public void writeFile(String path, byte[] content, boolean siblings) throws IOException {
    Path file = resolve(path);
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file); // never write through a hard link into another commit
    Files.write(file, content);
    finish(file, siblings);
  }

  /** Deletes a file, its siblings and, for a package image, its metadata. */
  public void delete(String path) throws IOException {
    List<Path> doomed = new ArrayList<>(List.of(resolve(path)));
    if (path.endsWith(".squashfs")) {
      doomed.add(resolve(path.replaceFirst("\\.squashfs$", ".meta.textproto")));
    }
    for (Path file : List.copyOf(doomed)) {
      PrecompressedSiblings.SUFFIXES.forEach(
          s -> doomed.add(PrecompressedSiblings.sibling(file, s)));
    }
    for (Path file : doomed) {
      Files.deleteIfExists(file);
    }
  }

  /** Rewrites a release's package index; see {@link #rewriteIndex(String, String)}. */
  public byte[] rewriteIndex(String release) throws IOException {
    return rewriteIndex(release, "pkg");
  }

  /**
   * Rewrites a section's {@code meta.binaryproto}: a protobuf-encoded list of the section's image
   * names plus a generation number, so every call yields different bytes.
   *
   * @return the new index content
   */
  public byte[] rewriteIndex(String release, String section) throws IOException {
    var index = new ByteArrayOutputStream();
    writeField(index, 1, ("generation " + ++indexGeneration).getBytes(StandardCharsets.UTF_8));
    String prefix = top(release) + section + "/";
    for (String image : files(prefix)) {
      if (image.endsWith(".squashfs")) {
        writeField(index, 2, image.substring(prefix.length()).getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] content = index.toByteArray();
    writeFile(prefix + INDEX, content, true);
    return content;
  }

  private static void writeField(ByteArrayOutputStream out, int field, byte[] value) {
    out.write(field << 3 | 2);
    for (int len = value.length; ; len >>>= 7) {
      if (len < 0x80) {
        out.write(len);
        break;
      }
      out.write(len & 0x7f | 0x80);
    }
    out.writeBytes(value);
  }

  /** Paths of a release's package images, sorted. */
  public List<String> packages(String release) throws IOException {
    return files(top(release) + "pkg/").stream().filter(f -> f.endsWith(".squashfs")).toList();
  }

  /** Every path a client can fetch (through the symlinks), sorted. */
  public List<String> files() throws IOException {
    return files(SERVED_AT + "/");
  }

  private List<String> files(String prefix) throws IOException {
    Path dir = resolve(prefix.substring(0, prefix.length() - 1));
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> prefix + dir.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  /** Bytes on disk: each regular file once, links not followed. */
  public long totalBytes() throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      long total = 0;
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          total += Files.size(p);
        }
      }
      return total;
    }
  }

  long seed() {
    return seed;
  }

  void writeGenerated(Path file, long size, boolean compressible, boolean siblings)
      throws IOException {
    // content depends on seed, path and clock: deterministic, and different after a change
    long contentSeed = seed * 31 + root.relativize(file).toString().hashCode() * 17L + clock;
    Files.deleteIfExists(file);
    SampleContent.write(file, contentSeed, size, compressible);
    finish(file, siblings);
  }

  private void finish(Path file, boolean siblings) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(EPOCH.plusSeconds(60 * clock++)));
    if (siblings) {
      for (String suffix : PrecompressedSiblings.SUFFIXES) {
        Files.deleteIfExists(PrecompressedSiblings.sibling(file, suffix));
      }
      PrecompressedSiblings.writeAll(file);
    } else {
      for (String suffix : PrecompressedSiblings.SUFFIXES) {
        Files.deleteIfExists(PrecompressedSiblings.sibling(file, suffix));
      }
    }
  }
}
