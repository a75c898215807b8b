package org.distr1.mirrors.shared.repo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each release's mutable package index, {@code distri/<release>/pkg/meta.binaryproto}, and how
 * its digest is written: nodes report it as bare lower-case hex SHA-256 per release, the origin
 * index keeps it as {@code sha256:<hex>} per path. Both sides compare the same bytes, so the
 * rules live here once.
 */
public final class ReleaseIndex {

  /** The index's file name, in every release's {@code pkg/}. */
  public static final String FILE_NAME = "meta.binaryproto";

  /** The index's path below a release directory. */
  public static final String IN_RELEASE = "pkg/" + FILE_NAME;

  private static final Pattern PATH = Pattern.compile("distri/([^/]+)/pkg/meta\\.binaryproto");
  private static final String SHA256 = "sha256:";

  private ReleaseIndex() {}

  /** The index of a release, relative to the repository root. */
  public static String path(String release) {
    return "distri/" + release + "/" + IN_RELEASE;
  }

  /** The release whose index this repository path is, or null when it is not an index. */
  public static String releaseOf(String path) {
    Matcher index = PATH.matcher(path);
    return index.matches() ? index.group(1) : null;
  }

  /** {@code sha256:<hex>} as the origin index keeps it, from that form or bare hex. */
  public static String tagged(String digest) {
    String hex = digest.startsWith(SHA256) ? digest.substring(SHA256.length()) : digest;
    return SHA256 + hex.toLowerCase(Locale.ROOT);
  }

  /** The bare hex of a {@code sha256:<hex>} digest, null when it is not one. */
  public static String bareHex(String tagged) {
    return tagged.startsWith(SHA256) ? tagged.substring(SHA256.length()) : null;
  }

  /** Lower-case hex SHA-256 of a file's bytes, read as a stream. */
  public static String sha256Hex(Path file) throws IOException {
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
