package org.distr1.mirrors.shared.web;

import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.util.zip.ZipException;

/**
 * A request body that is not what its {@code Content-Encoding} says (Jetty's gzip handler inflates
 * it while the entity is read, and fails with a {@link ZipException}, wrapped in a {@code
 * RuntimeException}) is the client's mistake: 400, not a 500 with a stack trace.
 */
public final class BrokenBodyEncoding implements ReaderInterceptor {

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    try {
      return context.proceed();
    } catch (ZipException e) {
      throw refusal();
    } catch (RuntimeException e) {
      if (e.getCause() instanceof ZipException) {
        throw refusal();
      }
      throw e;
    }
  }

  private static ApiException refusal() {
    return ApiException.badRequest(
        "bad_content_encoding",
        "The body is not encoded as its Content-Encoding says; send it as plain JSON.");
  }
}
