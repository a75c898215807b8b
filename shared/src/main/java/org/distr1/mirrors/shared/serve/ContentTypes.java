package org.distr1.mirrors.shared.serve;

import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * {@code Content-Type} by file name. The table is ours rather than the JVM's or Jetty's mime table
 * so that a repository file gets the same type on every node and at the origin, whatever the
 * platform's defaults are. A compressed variant keeps the type of the original name.
 */
final class ContentTypes {
  static final String OCTET_STREAM = "application/octet-stream";
  private static final String TEXT = "text/plain;charset=utf-8";

  private static final Map<String, String> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("squashfs", OCTET_STREAM),
          Map.entry("img", OCTET_STREAM),
          Map.entry("binaryproto", OCTET_STREAM),
          Map.entry("textproto", TEXT),
          Map.entry("txt", TEXT),
          Map.entry("asc", TEXT),
          Map.entry("sig", OCTET_STREAM),
          Map.entry("sha256", TEXT),
          Map.entry("json", "application/json"),
          Map.entry("html", "text/html;charset=utf-8"),
          Map.entry("css", "text/css;charset=utf-8"),
          Map.entry("iso", "application/x-iso9660-image"),
          Map.entry("tar", "application/x-tar"),
          Map.entry("xz", "application/x-xz"),
          Map.entry("zst", "application/zstd"),
          Map.entry("gz", "application/gzip"));

  private static final Map<String, HttpField> FIELDS =
      Map.copyOf(
          BY_EXTENSION.values().stream()
              .distinct()
              .collect(
                  java.util.stream.Collectors.toMap(
                      type -> type,
                      type -> new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, type))));

  private ContentTypes() {}

  static String of(String fileName) {
    int dot = fileName.lastIndexOf('.');
    String extension =
        dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    return BY_EXTENSION.getOrDefault(extension, OCTET_STREAM);
  }

  static HttpField fieldOf(String fileName) {
    return FIELDS.get(of(fileName));
  }
}
