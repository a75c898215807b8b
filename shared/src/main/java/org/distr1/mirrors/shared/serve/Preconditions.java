package org.distr1.mirrors.shared.serve;

import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpDateTime;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.QuotedCSV;

/**
 * Conditional request evaluation in the order of RFC 9110 §13.2.2, against the variant that was
 * negotiated (each variant has its own ETag, so a cached gzip copy revalidates only as gzip).
 */
final class Preconditions {
  enum Outcome {
    PROCEED,
    NOT_MODIFIED,
    FAILED
  }

  private Preconditions() {}

  static Outcome evaluate(HttpFields request, Variant variant) {
    String ifMatch = request.get(HttpHeader.IF_MATCH);
    if (ifMatch != null) {
      if (!matches(ifMatch, variant.etagValue(), true)) {
        return Outcome.FAILED;
      }
    } else {
      long unmodifiedSince = seconds(request.get(HttpHeader.IF_UNMODIFIED_SINCE));
      if (unmodifiedSince >= 0 && variant.lastModifiedSeconds() > unmodifiedSince) {
        return Outcome.FAILED;
      }
    }
    String ifNoneMatch = request.get(HttpHeader.IF_NONE_MATCH);
    if (ifNoneMatch != null) {
      // If-None-Match wins over If-Modified-Since: the date is not even looked at
      return matches(ifNoneMatch, variant.etagValue(), false)
          ? Outcome.NOT_MODIFIED
          : Outcome.PROCEED;
    }
    long modifiedSince = seconds(request.get(HttpHeader.IF_MODIFIED_SINCE));
    if (modifiedSince >= 0 && variant.lastModifiedSeconds() <= modifiedSince) {
      return Outcome.NOT_MODIFIED;
    }
    return Outcome.PROCEED;
  }

  /**
   * Whether a {@code Range} may be honoured: without {@code If-Range}, yes; with an entity tag,
   * only on a strong match; with a date, only if it is exactly the last modification time.
   */
  static boolean rangeAllowed(HttpFields request, Variant identity) {
    String ifRange = request.get(HttpHeader.IF_RANGE);
    if (ifRange == null) {
      return true;
    }
    String value = ifRange.trim();
    if (value.startsWith("\"") || value.startsWith("W/")) {
      return value.equals(identity.etagValue());
    }
    return seconds(value) == identity.lastModifiedSeconds();
  }

  private static boolean matches(String header, String etag, boolean strong) {
    QuotedCSV candidates;
    try {
      candidates = new QuotedCSV.Etags(HttpCompliance.RFC9110, (violation, details) -> {}, header);
    } catch (IllegalArgumentException malformed) {
      return false;
    }
    for (String candidate : candidates) {
      if (candidate.equals("*")) {
        return true;
      }
      boolean weak = candidate.startsWith("W/");
      if (strong && weak) {
        continue;
      }
      if ((weak ? candidate.substring(2) : candidate).equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static long seconds(String httpDate) {
    if (httpDate == null) {
      return -1;
    }
    long millis = HttpDateTime.parseToEpoch(httpDate);
    return millis < 0 ? -1 : millis / 1000;
  }
}
