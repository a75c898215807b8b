package org.distr1.mirrors.shared.serve;

import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.ByteRange;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers GET/HEAD for a file: negotiation, conditionals, ranges, headers, body. A request with a
 * well-formed {@code Range} is answered on the identity representation (when the client accepts
 * it), because byte offsets are offsets into the original file, never into compressed bytes.
 */
final class FileReply {
  private final ServeObserver observer;

  FileReply(ServeObserver observer) {
    this.observer = observer;
  }

  void send(Request request, Response response, Callback callback, TreeEntry entry, boolean head) {
    HttpFields fields = request.getHeaders();
    HttpFields.Mutable headers = response.getHeaders();
    if (entry.negotiable()) {
      headers.add(Replies.VARY_ACCEPT_ENCODING);
    }
    headers.add(Replies.ACCEPT_RANGES);

    List<String> acceptEncoding = fields.getValuesList(HttpHeader.ACCEPT_ENCODING);
    String rangeHeader = fields.get(HttpHeader.RANGE);
    Optional<Encoding> choice =
        RangeRequest.wellFormed(rangeHeader)
                && EncodingNegotiation.identityAcceptable(acceptEncoding)
            ? Optional.of(Encoding.IDENTITY)
            : EncodingNegotiation.choose(acceptEncoding, entry.encodings());
    if (choice.isEmpty()) {
      Replies.error(
          response,
          callback,
          head,
          406,
          "not_acceptable",
          "none of the available encodings " + entry.encodings() + " is acceptable");
      return;
    }
    Variant variant = entry.variant(choice.get());
    headers.add(variant.etag());
    headers.add(variant.lastModifiedField());

    switch (Preconditions.evaluate(fields, variant)) {
      case NOT_MODIFIED -> {
        response.setStatus(304);
        // RFC 9110 8.6: the length a 200 would have; without it Jetty writes the 0 bytes sent
        headers.add(variant.contentLength());
        observe(variant.encoding(), 0, callback).succeeded();
        return;
      }
      case FAILED -> {
        Replies.error(response, callback, head, 412, "precondition_failed", "precondition failed");
        return;
      }
      case PROCEED -> {}
    }

    headers.add(variant.contentType());
    if (variant.encoding().contentEncoding() != null) {
      headers.add(variant.encoding().contentEncoding());
    }
    RangeRequest range =
        variant.encoding() == Encoding.IDENTITY && Preconditions.rangeAllowed(fields, variant)
            ? RangeRequest.parse(rangeHeader, variant.length())
            : RangeRequest.parse(null, variant.length());
    switch (range.kind()) {
      case UNSATISFIABLE -> {
        headers.put(
            HttpHeader.CONTENT_RANGE, ByteRange.toNonSatisfiableHeaderValue(variant.length()));
        Replies.error(
            response,
            callback,
            head,
            416,
            "range_not_satisfiable",
            "range " + rangeHeader + " is outside the " + variant.length() + " bytes");
      }
      case SINGLE -> {
        ByteRange bytes = range.range();
        response.setStatus(206);
        headers.put(HttpHeader.CONTENT_RANGE, bytes.toHeaderValue(variant.length()));
        headers.put(HttpHeader.CONTENT_LENGTH, bytes.getLength());
        body(request, response, callback, variant, bytes.first(), bytes.getLength(), head);
      }
      case WHOLE -> {
        headers.add(variant.contentLength());
        body(request, response, callback, variant, 0, variant.length(), head);
      }
    }
  }

  private void body(
      Request request,
      Response response,
      Callback callback,
      Variant variant,
      long offset,
      long count,
      boolean head) {
    if (head || count == 0) {
      response.write(true, null, observe(variant.encoding(), 0, callback));
      return;
    }
    Callback counted = observe(variant.encoding(), count, callback);
    variant.writeTo(response, request.getComponents().getByteBufferPool(), offset, count, counted);
  }

  private Callback observe(Encoding encoding, long bytes, Callback callback) {
    return Callback.from(
        callback.getInvocationType(),
        () -> {
          observer.served(encoding, bytes);
          callback.succeeded();
        },
        callback::failed);
  }
}
