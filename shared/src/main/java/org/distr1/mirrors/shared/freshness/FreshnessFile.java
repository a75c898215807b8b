package org.distr1.mirrors.shared.freshness;

import inet.ipaddr.IPAddressString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.distr1.mirrors.shared.files.AtomicFiles;

/**
 * The freshness file {@code _mirror/last-sync-from/<upstream-host>}: the decimal UNIX time (in
 * seconds, newline-terminated) at which the mirror's last successful sync from that upstream
 * <em>started</em>. The coordinator trusts a mirror for a file only if this time is after the file
 * appeared upstream, so the file must never claim more than the mirror holds: it is written once
 * the synced tree is published, atomically, and by nothing else.
 */
public final class FreshnessFile {

  /** Directory of freshness files, relative to the mirror root and to the mirror's base URL. */
  public static final String DIRECTORY = "_mirror/last-sync-from";

  // Twelve digits reach year 33658; anything longer is garbage, not a time.
  private static final Pattern SECONDS = Pattern.compile("[0-9]{1,12}");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  private FreshnessFile() {}

  /** The file's exact content for a sync that started at {@code syncStart}. */
  public static String format(Instant syncStart) {
    if (syncStart.getEpochSecond() < 0) {
      throw new IllegalArgumentException("sync start before 1970: " + syncStart);
    }
    return syncStart.getEpochSecond() + "\n";
  }

  /**
   * Parses a freshness file's content strictly: ASCII digits and one terminating newline. The
   * newline may be missing (files written with {@code echo -n} by hand-made mirror scripts);
   * anything else — spaces, signs, fractions, several lines, an empty body — is rejected.
   *
   * @throws IllegalArgumentException with a message that quotes the offending content
   */
  public static Instant parse(String content) {
    String digits = content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    if (!SECONDS.matcher(digits).matches()) {
      throw new IllegalArgumentException(
          "not a freshness file (expected decimal UNIX seconds and a newline): " + quote(content));
    }
    return Instant.ofEpochSecond(Long.parseLong(digits));
  }

  /**
   * Checks and normalizes an upstream host name as it appears in the file's name: a DNS name
   * (lower-cased), an IPv4 address or an IPv6 address without brackets (canonical form).
   *
   * @throws IllegalArgumentException when the name could escape the directory or is no host
   */
  public static String validateHost(String host) {
    if (host == null || host.isEmpty() || host.length() > 253) {
      throw new IllegalArgumentException(
          "upstream host must be 1 to 253 characters: " + quote(host));
    }
    if (host.indexOf(':') >= 0) {
      var address = new IPAddressString(host).getAddress();
      if (address == null || !address.isIPv6()) {
        throw new IllegalArgumentException("not an IPv6 address: " + quote(host));
      }
      return address.toCanonicalString();
    }
    String lower = host.toLowerCase(Locale.ROOT);
    String name = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    for (String label : name.split("\\.", -1)) {
      if (!DNS_LABEL.matcher(label).matches()) {
        throw new IllegalArgumentException("not a host name: " + quote(host));
      }
    }
    return name;
  }

  /** Where the freshness file for {@code upstreamHost} lives below the mirror root. */
  public static Path path(Path mirrorRoot, String upstreamHost) {
    return mirrorRoot.resolve(DIRECTORY).resolve(validateHost(upstreamHost));
  }

  /** The URL path at which a mirror publishes the freshness file for {@code upstreamHost}. */
  public static String urlPath(String upstreamHost) {
    return "/" + DIRECTORY + "/" + validateHost(upstreamHost);
  }

  /** The recorded sync start, or empty when no sync from this upstream ever succeeded. */
  public static Optional<Instant> read(Path mirrorRoot, String upstreamHost) throws IOException {
    try {
      return Optional.of(parse(Files.readString(path(mirrorRoot, upstreamHost))));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * Replaces the freshness file atomically: readers (the web server, the coordinator's probe) see
   * the old or the new content, never a torn one, and after a crash the file is either the old one
   * or the new one — temp file in the same directory, fsync, rename, fsync dir.
   */
  public static void write(Path mirrorRoot, String upstreamHost, Instant syncStart)
      throws IOException {
    byte[] content = format(syncStart).getBytes(StandardCharsets.US_ASCII);
    AtomicFiles.replace(path(mirrorRoot, upstreamHost), content);
  }

  /** Makes a rename in {@code dir} durable. */
  public static void fsyncDirectory(Path dir) throws IOException {
    AtomicFiles.fsyncDirectory(dir);
  }

  private static String quote(String s) {
    if (s == null) {
      return "null";
    }
    String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return '"' + shown.replace("\n", "\\n").replace("\r", "\\r") + '"';
  }
}
