package org.distr1.mirrors.shared.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.distr1.mirrors.shared.repo.ReleaseIndex;
import org.distr1.mirrors.shared.siblings.PrecompressedSiblings;

/**
 * A generated distri-like repository tree, deterministic from a seed (contents and mtimes):
 *
 * <pre>
 * distri/&lt;release&gt;/pkg/&lt;name&gt;-amd64-&lt;version&gt;.squashfs   noise (no siblings) or text-like (.zst, .gz)
 * distri/&lt;release&gt;/pkg/&lt;name&gt;-amd64-&lt;version&gt;.meta.textproto   (.zst, .gz)
 * distri/&lt;release&gt;/pkg/meta.binaryproto   the mutable index (.zst, .gz)
 * distri/&lt;release&gt;/img/distri-disk.img.zst
 * </pre>
 *
 * Squashfs images are compressed inside already, so the noise ones carry no siblings, as on
 * the real repository; they are also the "missing sibling" case for servers. Every sibling has
 * exactly its original's mtime. At scale 1 the tree holds about 21 MiB; scale N repeats the
 * package set N times (distinct names). Mutations (for incremental-sync tests) move an
 * internal clock forward, so every written file gets a new, later mtime.
 */
public final class SampleRepository {

  public static final List<String> RELEASES = List.of("supersilverhaze", "jackherer");

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

  /** Generates the default tree (seed 1, scale 1) into {@code root}. */
  public static SampleRepository generate(Path root) throws IOException {
    return generate(root, 1, 1);
  }

  /** Generates a tree into {@code root} (created if missing; existing files are replaced). */
  public static SampleRepository generate(Path root, long seed, int scale) throws IOException {
    if (scale < 1) {
      throw new IllegalArgumentException("scale must be at least 1, got " + scale);
    }
    var repo = new SampleRepository(root, seed);
    for (String release : RELEASES) {
      int n = 0;
      for (int round = 0; round < scale; round++) {
        for (int i = 0; i < NOISE_SIZES.length; i++) {
          repo.addPackage(release, packageName(n++, round), NOISE_SIZES[i], false);
          repo.addPackage(release, packageName(n++, round), TEXT_SIZES[i], true);
        }
      }
      repo.rewriteIndex(release);
      Path image = repo.resolve(release(release) + "img/distri-disk.img.zst");
      Files.createDirectories(image.getParent());
      repo.writeGenerated(image, 512 * KIB, false, false);
    }
    return repo;
  }

  private static String packageName(int n, int round) {
    String name = NAMES[n % NAMES.length] + (n >= NAMES.length ? "" + n / NAMES.length : "");
    return name + "-amd64-1." + round + "." + n + "-" + (n % 4 + 1);
  }

  private static String release(String release) {
    if (!RELEASES.contains(release)) {
      throw new IllegalArgumentException("unknown release " + release);
    }
    return "distri/" + release + "/";
  }

  public Path root() {
    return root;
  }

  /** The file at a path relative to the root, e.g. {@code distri/jackherer/pkg/meta.binaryproto}. */
  public Path resolve(String relativePath) {
    return root.resolve(relativePath);
  }

  /** Relative path of a release's mutable index. */
  public static String indexPath(String release) {
    return release(release) + ReleaseIndex.IN_RELEASE;
  }

  /**
   * Adds a package image and its {@code .meta.textproto}; text-like images get siblings.
   *
   * @return the image's relative path
   */
  public String addPackage(String release, String fullName, long size, boolean compressible)
      throws IOException {
    String image = release(release) + "pkg/" + fullName + ".squashfs";
    Path file = resolve(image);
    Files.createDirectories(file.getParent());
    writeGenerated(file, size, compressible, compressible);
    String meta = "source_pkg: \"" + fullName.substring(0, fullName.indexOf("-amd64")) + "\"\n"
        + "version: \"" + fullName.substring(fullName.indexOf("-amd64-") + 7) + "\"\n"
        + "runtime_dep: \"glibc-amd64-2.31-4\"\n";
    writeFile(release(release) + "pkg/" + fullName + ".meta.textproto",
        meta.getBytes(StandardCharsets.UTF_8), true);
    return image;
  }

  /** Replaces a file's content with new bytes of the same size (and its present siblings). */
  public void changeFile(String relativePath) throws IOException {
    Path file = resolve(relativePath);
    boolean siblings = Files.exists(PrecompressedSiblings.sibling(file, ".zst"));
    writeGenerated(file, Files.size(file), siblings, siblings);
  }

  /**
   * Creates or replaces a file with {@code content} at the next clock tick, with fresh
   * siblings when asked (stale siblings of a replaced file are removed otherwise).
   */
  public void writeFile(String relativePath, byte[] content, boolean siblings) throws IOException {
    Path file = resolve(relativePath);
    Files.createDirectories(file.getParent());
    Files.write(file, content);
    finish(file, siblings);
  }

  /** Deletes a file, its siblings and, for a package image, its metadata. */
  public void delete(String relativePath) throws IOException {
    List<Path> doomed = new ArrayList<>(List.of(resolve(relativePath)));
    if (relativePath.endsWith(".squashfs")) {
      doomed.add(resolve(relativePath.replaceFirst("\\.squashfs$", ".meta.textproto")));
    }
    for (Path file : List.copyOf(doomed)) {
      PrecompressedSiblings.SUFFIXES.forEach(s -> doomed.add(PrecompressedSiblings.sibling(file, s)));
    }
    for (Path file : doomed) {
      Files.deleteIfExists(file);
    }
  }

  /**
   * Rewrites a release's {@code meta.binaryproto}: a protobuf-encoded list of the release's
   * package names plus a generation number, so every call yields different bytes.
   *
   * @return the new index content
   */
  public byte[] rewriteIndex(String release) throws IOException {
    var index = new ByteArrayOutputStream();
    writeField(index, 1, ("generation " + ++indexGeneration).getBytes(StandardCharsets.UTF_8));
    for (String image : packages(release)) {
      String name = image.substring(image.lastIndexOf('/') + 1);
      writeField(index, 2, name.getBytes(StandardCharsets.UTF_8));
    }
    byte[] content = index.toByteArray();
    writeFile(indexPath(release), content, true);
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

  /** Relative paths of a release's package images, sorted. */
  public List<String> packages(String release) throws IOException {
    String prefix = release(release) + "pkg/";
    return files().stream().filter(f -> f.startsWith(prefix) && f.endsWith(".squashfs")).toList();
  }

  /** Relative paths of every regular file in the tree, sorted. */
  public List<String> files() throws IOException {
    if (!Files.isDirectory(root.resolve("distri"))) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root.resolve("distri"))) {
      return walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  /** Sum of all files' sizes. */
  public long totalBytes() throws IOException {
    long total = 0;
    for (String file : files()) {
      total += Files.size(resolve(file));
    }
    return total;
  }

  private void writeGenerated(Path file, long size, boolean compressible, boolean siblings)
      throws IOException {
    // content depends on seed, path and clock: deterministic, and different after a change
    long contentSeed = seed * 31 + root.relativize(file).toString().hashCode() * 17L + clock;
    SampleContent.write(file, contentSeed, size, compressible);
    finish(file, siblings);
  }

  private void finish(Path file, boolean siblings) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(EPOCH.plusSeconds(60 * clock++)));
    if (siblings) {
      PrecompressedSiblings.writeAll(file);
    } else {
      for (String suffix : PrecompressedSiblings.SUFFIXES) {
        Files.deleteIfExists(PrecompressedSiblings.sibling(file, suffix));
      }
    }
  }
}
