package org.distr1.mirrors.shared.serve;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * An answer given before the request body was read to its end (a refusal: 400 for broken JSON, 401,
 * 404, 405, 413, 415) says {@code Connection: close}: Jetty closes such a connection rather than
 * read an unknown rest, and once the answer is committed it can no longer say so, so a client would
 * find out only when its next request on that connection fails (RFC 9112 §9.6: a server that closes
 * announces it). Requests without a body (every GET of the hot paths) pass untouched.
 */
final class CloseAfterUnreadBody extends Handler.Wrapper {

  private static final HttpField CLOSE =
      new PreEncodedHttpField(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());

  CloseAfterUnreadBody(Handler handler) {
    super(handler);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    // HTTP/1: a body has a length or a transfer coding (no Content-Length alone means none)
    boolean body =
        request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    HttpVersion version = request.getConnectionMetaData().getHttpVersion();
    if (!body || version.getVersion() >= HttpVersion.HTTP_2.getVersion()) {
      return super.handle(request, response, callback);
    }
    Body watchedBody = new Body(request);
    Response watched =
        new Response.Wrapper(watchedBody, response) {
          @Override
          public void write(boolean last, ByteBuffer content, Callback written) {
            watchedBody.announceClose(this);
            super.write(last, content, written);
          }
        };
    return super.handle(
        watchedBody,
        watched,
        new Callback.Nested(callback) {
          @Override
          public void succeeded() {
            // an answer without content commits here
            watchedBody.announceClose(watched);
            super.succeeded();
          }
        });
  }

  /** The request, watched for the end of its body. */
  private static final class Body extends Request.Wrapper {
    private volatile boolean ended;

    Body(Request request) {
      super(request);
    }

    @Override
    public Content.Chunk read() {
      Content.Chunk chunk = super.read();
      if (chunk != null && chunk.isLast()) {
        ended = true;
      }
      return chunk;
    }

    void announceClose(Response response) {
      long length = getLength();
      boolean read = ended || length > 0 && Request.getContentBytesRead(getWrapped()) >= length;
      if (!read && !response.isCommitted()) {
        response.getHeaders().put(CLOSE);
      }
    }
  }
}
