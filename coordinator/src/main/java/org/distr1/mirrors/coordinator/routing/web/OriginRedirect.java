package org.distr1.mirrors.coordinator.routing.web;

import java.net.URI;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A regional coordinator's origin: it holds no files, so what no mirror may serve (and any
 * repository request while its view of the primary is too old) is redirected to the same path at
 * the primary coordinator, which serves it or answers as the origin does. Everything else passes
 * on.
 */
final class OriginRedirect extends Handler.Wrapper {
  private static final HttpField NO_STORE =
      new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "private, no-store");
  private static final HttpField ZERO_LENGTH =
      new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH, "0");

  private final String primary;
  private final Predicate<String> scope;

  /**
   * @param primary the primary's public URL, ending in {@code /}
   */
  OriginRedirect(URI primary, Predicate<String> scope) {
    String base = primary.toString();
    this.primary = base.substring(0, base.length() - 1);
    this.scope = scope;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    if (path == null || !scope.test(path)) {
      return super.handle(request, response, callback);
    }
    redirect(request, response, callback);
    return true;
  }

  /** The same raw path and query at the primary. */
  private void redirect(Request request, Response response, Callback callback) {
    String query = request.getHttpURI().getQuery();
    String location = primary + request.getHttpURI().getPath() + (query == null ? "" : "?" + query);
    response.setStatus(302);
    response.getHeaders().put(HttpHeader.LOCATION, location);
    response.getHeaders().put(NO_STORE);
    response.getHeaders().put(ZERO_LENGTH);
    response.write(true, null, callback);
  }

  /**
   * In front of the redirector: while {@code fresh} says no, every repository request goes to the
   * primary (through {@code origin}), so that an old view never picks a mirror.
   */
  static Handler.Wrapper whileStale(
      Handler.Wrapper redirector, BooleanSupplier fresh, OriginRedirect origin) {
    return new Handler.Wrapper(redirector) {
      @Override
      public boolean handle(Request request, Response response, Callback callback)
          throws Exception {
        String path = request.getHttpURI().getPath();
        if (path != null && origin.scope.test(path) && !fresh.getAsBoolean()) {
          origin.redirect(request, response, callback);
          return true;
        }
        return super.handle(request, response, callback);
      }
    };
  }
}
