package org.distr1.mirrors.shared.serve;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * The representations a file can be served in. The declaration order is the preference on equal
 * quality: zstd decodes faster and is smaller than gzip, and both beat identity on the wire.
 */
public enum Encoding {
  ZSTD("zstd", ".zst"),
  GZIP("gzip", ".gz"),
  IDENTITY("identity", "");

  private final String token;
  private final String suffix;
  private final HttpField contentEncoding;

  Encoding(String token, String suffix) {
    this.token = token;
    this.suffix = suffix;
    this.contentEncoding =
        suffix.isEmpty() ? null : new PreEncodedHttpField(HttpHeader.CONTENT_ENCODING, token);
  }

  /** The content-coding token, as in {@code Accept-Encoding} and metrics names. */
  public String token() {
    return token;
  }

  /** The file-name suffix of the precompressed sibling ({@code ""} for identity). */
  public String suffix() {
    return suffix;
  }

  /** The {@code Content-Encoding} field, or {@code null} for identity. */
  HttpField contentEncoding() {
    return contentEncoding;
  }

  /** True if the name is itself a precompressed sibling (served as a plain file). */
  static boolean isSiblingName(String name) {
    return name.endsWith(ZSTD.suffix) || name.endsWith(GZIP.suffix);
  }
}
