package org.distr1.mirrors.shared.serve;

import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.ByteRange;

/**
 * A {@code Range} header applied to a representation of known length. Jetty's {@link
 * ByteRange#parse} does the arithmetic (suffix and open ranges, clamping, coalescing) but answers
 * "nothing" both for garbage and for ranges beyond the end; RFC 9110 wants garbage ignored (200)
 * and only well-formed unsatisfiable ranges answered with 416, so the syntax is checked first.
 */
record RangeRequest(Kind kind, ByteRange range) {
  enum Kind {
    /** No usable Range header (absent, malformed, or several ranges): send the whole body. */
    WHOLE,
    SINGLE,
    UNSATISFIABLE
  }

  private static final Pattern SPEC = Pattern.compile("\\s*(\\d{1,18}-\\d{0,18}|-\\d{1,18})\\s*");
  private static final RangeRequest WHOLE = new RangeRequest(Kind.WHOLE, null);

  static RangeRequest parse(String header, long length) {
    if (!wellFormed(header)) {
      return WHOLE;
    }
    List<ByteRange> ranges = ByteRange.parse(List.of(header), length);
    if (ranges.isEmpty()) {
      return new RangeRequest(Kind.UNSATISFIABLE, null);
    }
    // several disjoint ranges would need multipart/byteranges, which distri never asks for;
    // RFC 9110 lets a server ignore Range, so answer with the whole representation
    return ranges.size() == 1 ? new RangeRequest(Kind.SINGLE, ranges.get(0)) : WHOLE;
  }

  /** Whether the header is a syntactically valid byte-range request (else it is ignored). */
  static boolean wellFormed(String header) {
    if (header == null) {
      return false;
    }
    String value = header.trim();
    if (!value.startsWith("bytes=")) {
      return false;
    }
    for (String spec : value.substring("bytes=".length()).split(",", -1)) {
      if (!SPEC.matcher(spec).matches()) {
        return false;
      }
      String[] bounds = spec.trim().split("-", -1);
      if (!bounds[0].isEmpty()
          && !bounds[1].isEmpty()
          && Long.parseLong(bounds[1]) < Long.parseLong(bounds[0])) {
        return false;
      }
    }
    return true;
  }
}
