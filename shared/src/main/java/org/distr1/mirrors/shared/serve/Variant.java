package org.distr1.mirrors.shared.serve;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Callback;

/**
 * One representation of a file (the original or a precompressed sibling) with its header fields
 * computed once. The bytes are written from a read-only mapping of the file made on first use, so
 * the kernel copies straight from the page cache to the socket and no request allocates a buffer;
 * files too large to map in one buffer are streamed through Jetty's pooled buffers.
 */
final class Variant {
  private static final long MAX_MAPPED = Integer.MAX_VALUE;
  private static final int STREAM_BUFFER = 64 * 1024;

  private final Encoding encoding;
  private final Path file;
  private final long length;
  private final Instant lastModified;
  private final String etagValue;
  private final HttpField etag;
  private final HttpField lastModifiedField;
  private final HttpField contentLength;
  private final HttpField contentType;
  private volatile ByteBuffer mapped;

  Variant(Encoding encoding, Path file, BasicFileAttributes attributes, HttpField contentType) {
    this.encoding = encoding;
    this.contentType = contentType;
    this.file = file;
    this.length = attributes.size();
    this.lastModified = attributes.lastModifiedTime().toInstant();
    // strong: mtime (ms) and size identify the bytes as rsync publishes them; the coding
    // suffix keeps variants apart (no "--", which Jetty's GzipHandler would rewrite)
    String suffix = encoding == Encoding.IDENTITY ? "" : "-" + encoding.token();
    this.etagValue =
        "\""
            + Long.toHexString(lastModified.toEpochMilli())
            + "-"
            + Long.toHexString(length)
            + suffix
            + "\"";
    this.etag = new PreEncodedHttpField(HttpHeader.ETAG, etagValue);
    this.lastModifiedField =
        new PreEncodedHttpField(HttpHeader.LAST_MODIFIED, DateGenerator.formatDate(lastModified));
    this.contentLength = new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH, Long.toString(length));
  }

  Encoding encoding() {
    return encoding;
  }

  /** The file whose bytes are sent (read on first use, so it must not name a moving link). */
  Path file() {
    return file;
  }

  long length() {
    return length;
  }

  Instant lastModified() {
    return lastModified;
  }

  long lastModifiedSeconds() {
    return lastModified.truncatedTo(ChronoUnit.SECONDS).getEpochSecond();
  }

  String etagValue() {
    return etagValue;
  }

  HttpField etag() {
    return etag;
  }

  HttpField lastModifiedField() {
    return lastModifiedField;
  }

  HttpField contentLength() {
    return contentLength;
  }

  /** The type of the original name, also for compressed variants. */
  HttpField contentType() {
    return contentType;
  }

  /** Writes {@code count} bytes from {@code offset} and completes the response. */
  void writeTo(Content.Sink sink, ByteBufferPool pool, long offset, long count, Callback callback) {
    ByteBuffer buffer;
    try {
      buffer = mapping();
    } catch (IOException e) {
      callback.failed(e);
      return;
    }
    if (buffer == null) {
      Content.Source source =
          Content.Source.from(
              new ByteBufferPool.Sized(pool, true, STREAM_BUFFER), file, offset, count);
      Content.copy(source, sink, callback);
      return;
    }
    sink.write(true, buffer.slice((int) offset, (int) count), callback);
  }

  private ByteBuffer mapping() throws IOException {
    if (length > MAX_MAPPED) {
      return null;
    }
    ByteBuffer buffer = mapped;
    if (buffer == null) {
      // a benign race: two first requests may both map; one mapping is dropped to the GC
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        buffer = channel.map(FileChannel.MapMode.READ_ONLY, 0, length);
      }
      mapped = buffer;
    }
    return buffer;
  }
}
