package org.distr1.mirrors.shared.repo;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated, normalized path inside the repository tree, e.g. {@code
 * distri/jackherer/pkg/bash-5.1.squashfs}. It can only name something below the tree root: every
 * way of climbing out (raw or encoded {@code ..}, encoded separators, double encoding, backslashes,
 * NUL and other control characters) is rejected with {@link InvalidPathException}.
 *
 * <p>The node's file server and the coordinator's router both parse with {@link #parse}, so a path
 * either means the same file to both or is rejected by both.
 */
public record RepositoryPath(List<String> segments, boolean directoryForm) {
  /**
   * The URL directory distri's rsync module ({@code <release>/}, {@code <commit>/}, {@code master})
   * is served at, on every mirror and on the origin: {@code /distri/master/pkg/...}.
   */
  public static final String MODULE_DIRECTORY = "distri";

  /** Longest accepted raw request path; longer ones are not distri paths. */
  public static final int MAX_LENGTH = 4096;

  private static final int MAX_SEGMENT_BYTES = 255;
  private static final RepositoryPath ROOT = new RepositoryPath(List.of(), true);

  public RepositoryPath {
    segments = List.copyOf(segments);
    for (String segment : segments) {
      checkSegment(segment);
    }
    directoryForm = directoryForm || segments.isEmpty();
  }

  public static RepositoryPath root() {
    return ROOT;
  }

  /**
   * Parses a raw (still percent-encoded) request path such as {@code /distri/jackherer/pkg/}.
   * Percent-encoding is decoded exactly once, per segment, so an encoded {@code /} can never become
   * a separator. Empty and {@code .} segments are dropped; a trailing slash is kept as {@link
   * #directoryForm()} (listings need it for relative links).
   */
  public static RepositoryPath parse(String rawPath) {
    if (rawPath == null) {
      throw new InvalidPathException("missing path");
    }
    if (rawPath.length() > MAX_LENGTH) {
      throw new InvalidPathException("path longer than " + MAX_LENGTH + " characters");
    }
    List<String> segments = new ArrayList<>();
    for (String raw : rawPath.split("/", -1)) {
      String segment = decode(raw);
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      segments.add(segment);
    }
    boolean directoryForm = rawPath.isEmpty() || rawPath.endsWith("/");
    return new RepositoryPath(segments, directoryForm);
  }

  /** The path below the root without leading slash; empty for the root. */
  public String relative() {
    return String.join("/", segments);
  }

  /** The canonical request form, e.g. {@code /distri/} or {@code /distri/x.squashfs}. */
  @Override
  public String toString() {
    String joined = "/" + relative();
    return directoryForm && !segments.isEmpty() ? joined + "/" : joined;
  }

  public boolean isRoot() {
    return segments.isEmpty();
  }

  /** The last segment, or the empty string for the root. */
  public String fileName() {
    return segments.isEmpty() ? "" : segments.get(segments.size() - 1);
  }

  /** This path with {@code name} appended, e.g. the {@code .zst} sibling's directory entry. */
  public RepositoryPath child(String name) {
    List<String> longer = new ArrayList<>(segments);
    longer.add(name);
    return new RepositoryPath(longer, false);
  }

  /** The file this path names below {@code root}; never outside it (symlinks aside). */
  public Path resolveIn(Path root) {
    Path resolved = root;
    for (String segment : segments) {
      resolved = resolved.resolve(segment);
    }
    return resolved;
  }

  private static void checkSegment(String segment) {
    if (segment.isEmpty() || segment.equals(".")) {
      throw new InvalidPathException("empty or '.' path segment");
    }
    if (segment.equals("..")) {
      throw new InvalidPathException("'..' is not allowed in paths");
    }
    if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
      throw new InvalidPathException("path segment longer than " + MAX_SEGMENT_BYTES + " bytes");
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '/') {
        throw new InvalidPathException("encoded '/' inside a path segment");
      }
      if (c == '\\') {
        throw new InvalidPathException("backslashes are not allowed in paths");
      }
      if (c == '%') {
        // after one decoding step a '%' means the client encoded twice (%252e%252e)
        throw new InvalidPathException("'%' after decoding (double percent-encoding)");
      }
      if (c == ';') {
        throw new InvalidPathException("path parameters (';') are not supported");
      }
      if (Character.isISOControl(c)) {
        throw new InvalidPathException("control character U+%04X in path".formatted((int) c));
      }
    }
  }

  /** Strict percent-decoding of one segment: every '%' needs two hex digits, result is UTF-8. */
  private static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 3);
    for (int i = 0; i < raw.length(); ) {
      int c = raw.codePointAt(i);
      if (c == '%') {
        int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int low = high >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
        if (low < 0) {
          throw new InvalidPathException("malformed percent-encoding in path");
        }
        bytes.put((byte) (high << 4 | low));
        i += 3;
      } else if (Character.isSurrogate((char) c)) {
        throw new InvalidPathException("unpaired surrogate in path");
      } else {
        bytes.put(Character.toString(c).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(c);
      }
    }
    bytes.flip();
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidPathException("percent-encoded path is not valid UTF-8");
    }
  }
}
