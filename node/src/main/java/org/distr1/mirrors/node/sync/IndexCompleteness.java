package org.distr1.mirrors.node.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.distr1.mirrors.shared.repo.ReleaseIndex;

/**
 * Whether a new snapshot holds every package its indexes name, before it is published. rsync lists
 * the upstream's files when it starts: packages published during a sync are not in that list, but
 * an index published after them and read at the end names them. The index is distri's {@code
 * MirrorMeta} ({@code pb/mirrormeta.proto}: {@code repeated Package package = 1}, each with {@code
 * optional string name = 1}); package {@code N} of {@code <section>/meta.binaryproto} is {@code
 * <section>/N.squashfs}. An index in another form cannot be checked and is left as it is.
 */
final class IndexCompleteness {

  /** Depth enough for {@code <commit>/pkg/} and for {@code distri/<release>/pkg/}. */
  private static final int DEPTH = 4;

  private static final int LENGTH_DELIMITED = 2;

  private IndexCompleteness() {}

  /** Up to {@code limit} paths (relative to the snapshot) that its indexes name and it lacks. */
  static List<String> missing(Path snapshot, int limit) throws IOException {
    List<String> missing = new ArrayList<>();
    List<Path> indexes;
    try (Stream<Path> found =
        Files.find(
            snapshot,
            DEPTH,
            (path, attrs) ->
                attrs.isRegularFile()
                    && path.getFileName().toString().equals(ReleaseIndex.FILE_NAME))) {
      indexes = found.toList();
    }
    for (Path index : indexes) {
      List<String> names = names(Files.readAllBytes(index));
      if (names == null) {
        continue;
      }
      for (String name : names) {
        Path image = index.resolveSibling(name + ".squashfs");
        if (missing.size() < limit && !Files.exists(image)) {
          missing.add(snapshot.relativize(image).toString());
        }
      }
    }
    return missing;
  }

  /** The package names of a {@code MirrorMeta}, null when the bytes are not one. */
  static List<String> names(byte[] index) {
    List<String> names = new ArrayList<>();
    Reader meta = new Reader(index, 0, index.length);
    while (meta.more()) {
      int tag = meta.varint();
      if (tag < 0) {
        return null;
      }
      if (tag >>> 3 != 1 || (tag & 7) != LENGTH_DELIMITED) {
        if (!meta.skip(tag & 7)) {
          return null;
        }
        continue;
      }
      int length = meta.varint();
      if (length < 0 || !meta.has(length)) {
        return null;
      }
      String name = packageName(new Reader(index, meta.at, meta.at + length));
      if (name == null) {
        return null;
      }
      names.add(name);
      meta.at += length;
    }
    return names;
  }

  private static String packageName(Reader pkg) {
    String name = null;
    while (pkg.more()) {
      int tag = pkg.varint();
      if (tag < 0) {
        return null;
      }
      if (tag >>> 3 == 1 && (tag & 7) == LENGTH_DELIMITED) {
        int length = pkg.varint();
        if (length < 0 || !pkg.has(length)) {
          return null;
        }
        name = new String(pkg.bytes, pkg.at, length, StandardCharsets.UTF_8);
        pkg.at += length;
      } else if (!pkg.skip(tag & 7)) {
        return null;
      }
    }
    // a name is a file name in the section, never a path
    return name == null || name.isEmpty() || name.contains("/") || name.startsWith(".")
        ? null
        : name;
  }

  /** Protobuf wire format, as much as these two messages need. */
  private static final class Reader {
    final byte[] bytes;
    final int end;
    int at;

    Reader(byte[] bytes, int from, int end) {
      this.bytes = bytes;
      this.at = from;
      this.end = end;
    }

    boolean more() {
      return at < end;
    }

    boolean has(int n) {
      return n <= end - at;
    }

    /** A non-negative varint below 2^31, or -1 when malformed. */
    int varint() {
      long value = 0;
      for (int shift = 0; shift < 35 && at < end; shift += 7) {
        byte b = bytes[at++];
        value |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return value > Integer.MAX_VALUE ? -1 : (int) value;
        }
      }
      return -1;
    }

    boolean skip(int wireType) {
      switch (wireType) {
        case 0 -> {
          for (int n = 0; n < 10 && at < end; n++) {
            if (bytes[at++] >= 0) {
              return true;
            }
          }
          return false;
        }
        case 1 -> {
          at += 8;
          return at <= end;
        }
        case LENGTH_DELIMITED -> {
          int length = varint();
          if (length < 0 || !has(length)) {
            return false;
          }
          at += length;
          return true;
        }
        case 5 -> {
          at += 4;
          return at <= end;
        }
        default -> {
          return false;
        }
      }
    }
  }
}
