package org.distr1.mirrors.shared.serve;

import java.nio.ByteBuffer;
import java.util.Locale;
import org.distr1.mirrors.shared.api.ApiError;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals — requests it rejects before any handler sees them, such as ambiguous
 * encodings ({@code %2e%2e}, {@code %2f}), malformed request lines or oversized headers — in the
 * one {@code ApiError} shape every other answer uses, instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int status,
      String message,
      Throwable cause,
      Callback callback) {
    generateCacheControl(response);
    String why =
        (message == null || message.isBlank()) && cause != null ? cause.getMessage() : message;
    Replies.error(
        response,
        callback,
        HttpMethod.HEAD.is(request.getMethod()),
        status,
        code(status),
        text(status, why));
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return ByteBuffer.wrap(
        Replies.errorBytes(new ApiError(status, code(status), text(status, reason))));
  }

  private static String code(int status) {
    String reason = HttpStatus.getMessage(status);
    return reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
  }

  private static String text(int status, String message) {
    String reason = HttpStatus.getMessage(status);
    return message == null || message.isBlank() || message.equals(reason)
        ? reason + "."
        : reason + ": " + message.replaceAll("\\p{Cntrl}", "") + ".";
  }
}
