package org.distr1.mirrors.coordinator.allowlist;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One exported form of the allowlist: its bytes, media type and a strong ETag derived from the
 * bytes alone, so equal content always has the same tag — across restarts, coordinators and the
 * copy {@code allowlist-apply} wrote on the rsync host.
 */
public record Representation(ExportFormat format, byte[] body, String etag) {

  public Representation {
    requireNonNull(format, "format");
    body = body.clone();
    requireNonNull(etag, "etag");
  }

  public static Representation of(ExportFormat format, byte[] body) {
    return new Representation(format, body, etagOf(body));
  }

  /** The ETag value (quoted) for {@code bytes}: the first 128 bits of their SHA-256, in hex. */
  public static String etagOf(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return '"' + HexFormat.of().formatHex(digest, 0, 16) + '"';
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public byte[] body() {
    return body.clone();
  }
}
