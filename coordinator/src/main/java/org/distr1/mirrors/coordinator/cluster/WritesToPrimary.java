package org.distr1.mirrors.coordinator.cluster;

import java.net.URI;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A regional coordinator's database is a read-only replica: every API write (enrollment, operator
 * and admin actions, node reports) is answered with {@code 307 Temporary Redirect} to the same URL
 * at the primary, which keeps the method and the body (RFC 9110 15.4.8). Temporary, because which
 * coordinator is primary changes at a failover. Reads ({@code GET}, {@code HEAD}) are answered here
 * from the replica.
 */
public final class WritesToPrimary extends Handler.Wrapper {
  private static final HttpField NO_STORE =
      new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store");
  private static final HttpField ZERO_LENGTH =
      new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH, "0");

  private final String primary;

  /**
   * @param primary the primary's public URL, ending in {@code /}
   */
  public WritesToPrimary(Handler.Wrapper next, URI primary) {
    super(next);
    String base = primary.toString();
    this.primary = base.substring(0, base.length() - 1);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    String method = request.getMethod();
    if (path == null
        || !(path.equals("/api") || path.startsWith("/api/"))
        || HttpMethod.GET.is(method)
        || HttpMethod.HEAD.is(method)
        || HttpMethod.OPTIONS.is(method)) {
      return super.handle(request, response, callback);
    }
    String query = request.getHttpURI().getQuery();
    response.setStatus(307);
    response
        .getHeaders()
        .put(HttpHeader.LOCATION, primary + path + (query == null ? "" : "?" + query));
    response.getHeaders().put(NO_STORE);
    response.getHeaders().put(ZERO_LENGTH);
    response.write(true, null, callback);
    return true;
  }
}
