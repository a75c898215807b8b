package org.distr1.mirrors.coordinator.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * {@link UpstreamState} from the origin tree's index files
 * ({@code distri/<release>/pkg/meta.binaryproto}). Looks at the files at most every
 * {@code minRescanNanos} and hashes a file again only when its size or mtime changed, so
 * answering thousands of reports a second costs nothing.
 */
final class OriginIndexes implements UpstreamState {

  static final String INDEX = "pkg/meta.binaryproto";

  private record Seen(long size, long mtimeMillis, String digest) {}

  private final Path originRoot;
  private final long minRescanNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Seen> seen = new HashMap<>();
  private volatile Upstream current;
  private volatile long scannedAtNanos;

  OriginIndexes(Path originRoot, long minRescanNanos, LongSupplier nanoTime) {
    this.originRoot = originRoot;
    this.minRescanNanos = minRescanNanos;
    this.nanoTime = nanoTime;
  }

  @Override
  public Upstream current() {
    Upstream known = current;
    if (known != null && nanoTime.getAsLong() - scannedAtNanos < minRescanNanos) {
      return known;
    }
    synchronized (this) {
      if (current == null || nanoTime.getAsLong() - scannedAtNanos >= minRescanNanos) {
        current = scan();
        scannedAtNanos = nanoTime.getAsLong();
      }
      return current;
    }
  }

  private Upstream scan() {
    Path distri = originRoot.resolve("distri");
    Map<String, String> digests = new TreeMap<>();
    long newest = Long.MIN_VALUE;
    if (Files.isDirectory(distri)) {
      try (DirectoryStream<Path> releases = Files.newDirectoryStream(distri, Files::isDirectory)) {
        for (Path release : releases) {
          Path index = release.resolve(INDEX);
          if (!Files.isRegularFile(index)) {
            continue;
          }
          BasicFileAttributes attributes = Files.readAttributes(index, BasicFileAttributes.class);
          long mtime = attributes.lastModifiedTime().toMillis();
          String name = release.getFileName().toString();
          Seen before = seen.get(name);
          if (before == null || before.size() != attributes.size() || before.mtimeMillis() != mtime) {
            before = new Seen(attributes.size(), mtime, sha256(index));
            seen.put(name, before);
          }
          digests.put(name, before.digest());
          newest = Math.max(newest, mtime);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the origin's indexes under " + distri, e);
      }
    }
    seen.keySet().retainAll(digests.keySet());
    return new Upstream(newest == Long.MIN_VALUE ? null : Instant.ofEpochMilli(newest), digests);
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
