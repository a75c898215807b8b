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
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The section indexes {@code distri/<top>/<section>/meta.binaryproto} ({@code <top>} a release, a
 * commit or a branch link such as {@code master}; {@code <section>} {@code pkg}, {@code debug} or
 * {@code src}) and how their digests are written: nodes report bare lower-case hex SHA-256 keyed
 * {@code <top>} for {@code pkg/} and {@code <top>/<section>} for the others, the origin index keeps
 * {@code sha256:<hex>} per path. Both sides compare the same bytes, so the rules live here once.
 */
public final class ReleaseIndex {

  /** The index's file name, in every release's {@code pkg/}. */
  public static final String FILE_NAME = "meta.binaryproto";

  /** The index's path below a release directory. */
  public static final String IN_RELEASE = "pkg/" + FILE_NAME;

  /** The sections that carry an index, as in distri. */
  public static final List<String> SECTIONS = List.of("pkg", "debug", "src");

  private static final Pattern PATH =
      Pattern.compile("distri/([A-Za-z0-9][A-Za-z0-9._-]*)/(pkg|debug|src)/meta\\.binaryproto");
  private static final Pattern KEY = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)(/(debug|src))?");
  private static final String SHA256 = "sha256:";

  private ReleaseIndex() {}

  /**
   * The index a reported key names ({@code master} → {@code distri/master/pkg/meta.binaryproto},
   * {@code master/debug} → {@code distri/master/debug/meta.binaryproto}); null for a key that is no
   * such name (a path climbing out, another section).
   */
  public static String path(String key) {
    Matcher k = KEY.matcher(key);
    if (!k.matches() || k.group(1).contains("..")) {
      return null;
    }
    return "distri/"
        + k.group(1)
        + "/"
        + (k.group(3) == null ? "pkg" : k.group(3))
        + "/"
        + FILE_NAME;
  }

  /** The key of the index this repository path is, or null when it is not a section index. */
  public static String releaseOf(String path) {
    Matcher index = PATH.matcher(path);
    if (!index.matches()) {
      return null;
    }
    return index.group(2).equals("pkg") ? index.group(1) : index.group(1) + "/" + index.group(2);
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
