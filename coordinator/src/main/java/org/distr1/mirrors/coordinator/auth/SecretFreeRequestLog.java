package org.distr1.mirrors.coordinator.auth;

import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.request.logging.RequestLogFactory;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.component.ContainerLifeCycle;

/**
 * The request log without secrets: the query string of every API path is written as {@code
 * ?redacted}. Tokens are accepted only in the {@code Authorization} header (which the log does not
 * write), but a client that puts one in the URL anyway must not leave it in a file that is rotated,
 * shipped and read by more people than the token's holder.
 */
public final class SecretFreeRequestLog extends ContainerLifeCycle implements RequestLog {

  private final RequestLog delegate;

  private SecretFreeRequestLog(RequestLog delegate) {
    this.delegate = delegate;
    addBean(delegate, true);
  }

  /** Wraps the configured request log of {@code serverFactory}; call before the server is built. */
  public static void install(ServerFactory serverFactory) {
    if (serverFactory instanceof AbstractServerFactory factory) {
      RequestLogFactory<?> configured = factory.getRequestLogFactory();
      factory.setRequestLogFactory(
          new RequestLogFactory<RequestLog>() {
            @Override
            public boolean isEnabled() {
              return configured.isEnabled();
            }

            @Override
            public RequestLog build(String name) {
              return new SecretFreeRequestLog(configured.build(name));
            }
          });
    }
  }

  @Override
  public void log(Request request, Response response) {
    HttpURI uri = request.getHttpURI();
    if (uri.getQuery() == null || uri.getPath() == null || !uri.getPath().startsWith("/api/")) {
      delegate.log(request, response);
      return;
    }
    HttpURI redacted = HttpURI.build(uri).query("redacted").asImmutable();
    delegate.log(
        new Request.Wrapper(request) {
          @Override
          public HttpURI getHttpURI() {
            return redacted;
          }
        },
        response);
  }
}
