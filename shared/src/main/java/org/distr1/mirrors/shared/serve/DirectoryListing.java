package org.distr1.mirrors.shared.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.jetty.http.QuotedQualityCSV;

/** Directory listings: what is visible in a directory, as HTML for people or JSON for tools. */
public final class DirectoryListing {
  private DirectoryListing() {}

  static List<ListingEntry> entries(Tree tree, Path directory) throws IOException {
    List<ListingEntry> entries = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
      for (Path child : children) {
        if (!tree.visible(child)) {
          continue;
        }
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(child, BasicFileAttributes.class);
        } catch (FileSystemException gone) {
          continue;
        }
        String name = child.getFileName().toString();
        var mtime = attributes.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.SECONDS);
        if (attributes.isDirectory()) {
          entries.add(new ListingEntry(name, ListingEntry.DIRECTORY, null, mtime));
        } else if (attributes.isRegularFile()) {
          entries.add(new ListingEntry(name, ListingEntry.FILE, attributes.size(), mtime));
        }
      }
    }
    entries.sort(Comparator.comparing(ListingEntry::name));
    return entries;
  }

  /** JSON when the client ranks {@code application/json} above HTML, HTML otherwise. */
  public static boolean wantsJson(List<String> accept) {
    QuotedQualityCSV csv = new QuotedQualityCSV(QuotedQualityCSV.MOST_SPECIFIC_MIME_ORDERING);
    accept.forEach(csv::addValue);
    for (String type : csv.getValues()) {
      String bare = type.split(";", 2)[0].trim();
      if (bare.equalsIgnoreCase("application/json")) {
        return true;
      }
      if (bare.equalsIgnoreCase("text/html") || bare.equals("text/*") || bare.equals("*/*")) {
        return false;
      }
    }
    return false;
  }

  static byte[] html(String requestPath, List<ListingEntry> entries) {
    StringBuilder html = new StringBuilder(256 + entries.size() * 160);
    String title = escape(requestPath);
    html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Index of ")
        .append(title)
        .append("</title></head>\n<body><h1>Index of ")
        .append(title)
        .append(
            "</h1>\n<table>\n<tr><th>Name</th><th>Last modified (UTC)</th><th>Size</th></tr>\n");
    if (!requestPath.equals("/")) {
      html.append("<tr><td><a href=\"../\">../</a></td><td></td><td></td></tr>\n");
    }
    for (ListingEntry entry : entries) {
      boolean directory = entry.type().equals(ListingEntry.DIRECTORY);
      String shown = escape(entry.name()) + (directory ? "/" : "");
      html.append("<tr><td><a href=\"")
          .append(escape(encodeSegment(entry.name())))
          .append(directory ? "/" : "")
          .append("\">")
          .append(shown)
          .append("</a></td><td>")
          .append(entry.mtime())
          .append("</td><td>")
          .append(directory ? "-" : entry.size().toString())
          .append("</td></tr>\n");
    }
    html.append("</table>\n</body></html>\n");
    return html.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Percent-encodes everything but RFC 3986 unreserved characters and a few harmless ones. */
  private static String encodeSegment(String name) {
    StringBuilder out = new StringBuilder(name.length() + 8);
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~+@:,=".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
